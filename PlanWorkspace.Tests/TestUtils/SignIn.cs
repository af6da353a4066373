using System.Net;
using System.Text.RegularExpressions;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Signs an <see cref="HttpClient"/> in through the real sign-in form (antiforgery token included).</summary>
public static partial class SignIn
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var form = await client.GetStringAsync("/account/login", timeout.Token);
        var token = TokenPattern().Match(form).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in form carries an antiforgery token");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), timeout.Token);
    }
}
