using System.Net;
using System.Text.RegularExpressions;

namespace PlanWorkspace.Bench.Load;

/// <summary>Signs in through the App's real sign-in form (antiforgery token included).</summary>
public static partial class SignInForm
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>Posts the form with <paramref name="client"/> (whose handler keeps the cookies) and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password, CancellationToken ct = default)
    {
        var form = await client.GetStringAsync("account/login", ct);
        var token = TokenPattern().Match(form).Groups[1].Value;
        if (token.Length == 0)
        {
            throw new InvalidOperationException("The sign-in form carries no antiforgery token.");
        }
        return await client.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), ct);
    }

    /// <summary>Signs <paramref name="email"/> in at <paramref name="baseAddress"/> and returns the cookies; throws when refused.</summary>
    public static async Task<CookieContainer> SignInAsync(Uri baseAddress, string email, string password, CancellationToken ct = default)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var response = await PostAsync(client, email, password, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{email} could not sign in ({response.StatusCode}).");
        }
        return cookies;
    }
}
