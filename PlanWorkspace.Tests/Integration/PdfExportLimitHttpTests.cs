using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The PDF endpoint's per-person rate over HTTP: 429 with Retry-After and a message in the reader's language.</summary>
[Trait("Category", "Integration")]
public sealed class PdfExportLimitHttpTests : IDisposable
{
    private readonly PlanAppFactory _factory = new();
    private readonly WebApplicationFactory<Program> _app;

    public PdfExportLimitHttpTests() =>
        _app = _factory.WithWebHostBuilder(b => b.UseSetting("Export:PdfPerPersonPerMinute", "1"));

    [EndToEndFact]
    public async Task ASecondPdfWithinTheMinuteIsRefusedWith429AndALocalisedMessage()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignIn.PostAsync(client, "chair.data@plan.local", "Plan!2025");

        using var first = await client.GetAsync("/plan/export/pdf").WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/pdf", first.Content.Headers.ContentType?.MediaType);

        using var second = await client.GetAsync("/plan/export/pdf").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("PDF 수를 넘었습니다", await Detail(second));

        using var third = await client.GetAsync("/plan/export/pdf?culture=en-US&ui-culture=en-US").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("more PDFs than allowed per minute", await Detail(third));
    }

    private static async Task<string> Detail(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString() ?? string.Empty;

    public void Dispose()
    {
        _app.Dispose();
        _factory.Dispose();
    }
}
