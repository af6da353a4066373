using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PlanWorkspace.App.Security;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The app started outside Development: demo seeding needs a new vice-chair password; HTTPS-only cookies and HSTS.</summary>
[Trait("Category", "Integration")]
public sealed class ProductionStartupTests : IAsyncLifetime
{
    private readonly PlanAppFactory _root = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _root.DisposeAsync();

    private WebApplicationFactory<Program> Production(params (string Key, string Value)[] settings) => _root.WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            b.UseSetting(key, value);
        }
    });

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("Plan!2025")]
    public async Task SeedingDemoAccountsInProductionWithoutANewViceChairPasswordRefusesToStart(string? password)
    {
        var settings = new List<(string, string)> { ("SeedDemoAccounts", "true") };
        if (password is not null)
        {
            settings.Add((WebHardening.DemoViceChairPasswordKey, password));
        }
        await using var app = Production([.. settings]);

        var error = Assert.Throws<InvalidOperationException>(() => app.Server);

        Assert.Contains("DemoAccounts:ViceChairPassword", error.Message, StringComparison.Ordinal);
        Assert.Contains("SeedDemoAccounts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGuardLetsDevelopmentAndUnseededProductionStart()
    {
        static IConfiguration Config(params (string, string?)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Item1, v.Item2))).Build();
        var development = new HostingEnvironment { EnvironmentName = Environments.Development };
        var production = new HostingEnvironment { EnvironmentName = Environments.Production };

        WebHardening.RefuseDemoPasswordInProduction(development, Config(("SeedDemoAccounts", "true")));
        WebHardening.RefuseDemoPasswordInProduction(production, Config(("SeedDemoAccounts", "false")));
        WebHardening.RefuseDemoPasswordInProduction(production, Config(("SeedDemoAccounts", "true"), (WebHardening.DemoViceChairPasswordKey, "Another!2026")));
        Assert.Throws<InvalidOperationException>(() => WebHardening.RefuseDemoPasswordInProduction(production, Config(("SeedDemoAccounts", "true"))));
    }

    [Fact]
    public async Task InProductionTheViceChairHasTheNewPasswordCookiesAreHttpsOnlyAndHstsIsSent()
    {
        await using var app = Production(("SeedDemoAccounts", "true"), (WebHardening.DemoViceChairPasswordKey, "Another!2026"));
        // Not localhost: HSTS is never sent to localhost.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://plan.example") });

        var demo = await SignIn.PostAsync(client, "vicechair@plan.local", "Plan!2025");
        Assert.Equal(HttpStatusCode.OK, demo.StatusCode); // refused: the form again, with its error
        var signedIn = await SignIn.PostAsync(client, "vicechair@plan.local", "Another!2026");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookies = signedIn.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("; httponly", c, StringComparison.OrdinalIgnoreCase));
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }
}
