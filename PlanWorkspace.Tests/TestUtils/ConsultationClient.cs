using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Drives the public opinion form like a browser: fetch the form (token and cookie), post multipart.</summary>
public static partial class ConsultationClient
{
    public const string Slug = ConsultationSeeder.DemoSlug;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("id=\"receipt-number\">([^<]+)<")]
    private static partial Regex ReceiptPattern();

    public static HttpClient Create(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery token of a freshly fetched form (the client keeps the cookie).</summary>
    public static async Task<string> TokenAsync(HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var html = await client.GetStringAsync($"/consult/{Slug}/opinion", timeout.Token);
        return TokenPattern().Match(html).Groups[1].Value;
    }

    /// <summary>Posts the form with <paramref name="fields"/> (a valid opinion unless overridden) and files.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IDictionary<string, string>? fields = null,
        IEnumerable<(string Name, byte[] Content)>? files = null, bool withToken = true)
    {
        var values = new Dictionary<string, string>
        {
            ["name"] = "김연구",
            ["institution"] = "한국과학기술원",
            ["category"] = nameof(InstitutionCategory.Academia),
            ["email"] = "kim@kaist.ac.kr",
            ["section"] = "2",
            ["text"] = "데이터 개방을 더 넓혀야 합니다.",
        };
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }
        using var content = new MultipartFormDataContent();
        if (withToken)
        {
            content.Add(new StringContent(await TokenAsync(client)), "__RequestVerificationToken");
        }
        foreach (var (key, value) in values)
        {
            content.Add(new StringContent(value), key);
        }
        foreach (var (name, bytes) in files ?? [])
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf"); // what a browser may claim; never trusted
            content.Add(file, "attachments", name);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await client.PostAsync($"/consult/{Slug}/opinion", content, timeout.Token);
    }

    public static string? Receipt(string html) => ReceiptPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static async Task<int> OpinionCountAsync(TempDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Set<Opinion>().CountAsync();
    }
}
