using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class ExportHttpTests(PlanAppFactory app) : IClassFixture<PlanAppFactory>
{
    private HttpClient Client() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Theory]
    [InlineData("docx")]
    [InlineData("hwpx")]
    [InlineData("md")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task AnonymousUserCannotDownloadAnExport(string format)
    {
        var response = await Client().GetAsync($"/plan/export/{format}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        Assert.NotEqual("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnonymousUserCannotOpenTheAssembledPlan()
    {
        var response = await Client().GetAsync("/plan");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK")]
    [InlineData("hwpx", "application/hwp+zip", "PK")]
    [InlineData("markdown", "text/markdown", "# ")]
    [InlineData("html", "text/html", "<!DOCTYPE html>")]
    public async Task SignedInUserDownloadsTheExportWithAKoreanFileName(string format, string contentType, string start)
    {
        var client = Client();
        await SignIn.PostAsync(client, "chair.data@plan.local", "Plan!2025");

        var response = await client.GetAsync($"/plan/export/{format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("대한민국 인공지능행동계획(안)-", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith(start, System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 40)));
    }

    [Fact]
    public async Task AnUnknownFormatIsNotFound()
    {
        var client = Client();
        await SignIn.PostAsync(client, "chair.data@plan.local", "Plan!2025");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/plan/export/exe")).StatusCode);
    }
}
