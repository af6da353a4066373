using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PlanWorkspace.App.Consultation.Mail;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>The poller against a real Dovecot on loopback, not a mock.</summary>
public sealed class ImapPollerTests
{
    private static string Id() => $"{Guid.NewGuid():N}@example.kr";

    private static async Task AppendAsync(DovecotServer server, byte[] raw)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, timeout.Token);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password, timeout.Token);
        await client.Inbox.AppendAsync(new AppendRequest(await MimeMessage.LoadAsync(new MemoryStream(raw), timeout.Token)), timeout.Token);
        await client.DisconnectAsync(true, timeout.Token);
    }

    private static async Task<int> UnmarkedAsync(DovecotServer server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, timeout.Token);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password, timeout.Token);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, timeout.Token);
        var count = (await client.Inbox.SearchAsync(SearchQuery.NotKeyword("$PlanImported"), timeout.Token)).Count;
        await client.DisconnectAsync(true, timeout.Token);
        return count;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, DovecotServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"Timed out waiting for {what}. Dovecot log:\n{server.Log()}");
    }

    [Fact]
    [Trait("Category", "Imap")]
    public async Task NewMailIsImportedAndMarkedAndThePollerSurvivesTheServerDroppingTheConnection()
    {
        await using var server = await DovecotServer.StartNewAsync();
        var (first, second) = (Id(), Id());
        await AppendAsync(server, KoreanMail.EucKrPlain(first, "kim@korea.kr", "메일 의견", "IMAP으로 들어온 의견입니다."));

        using var root = new PlanAppFactory();
        using var app = root.WithWebHostBuilder(b => b
            .UseSetting("Consultation:Imap:Host", "127.0.0.1")
            .UseSetting("Consultation:Imap:Port", server.Port.ToString())
            .UseSetting("Consultation:Imap:Tls", "false")
            .UseSetting("Consultation:Imap:User", DovecotServer.User)
            .UseSetting("Consultation:Imap:Password", DovecotServer.Password)
            .UseSetting("Consultation:Imap:PollInterval", "00:00:00.300")
            .UseSetting("Consultation:Imap:InitialBackoff", "00:00:00.200")
            .UseSetting("Consultation:Imap:MaxBackoff", "00:00:01"));
        var poller = app.Services.GetRequiredService<ImapPoller>();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<App.Data.PlanDbContext>>();
        async Task<bool> Imported(string messageId)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.Set<Opinion>().AnyAsync(o => o.MessageId == messageId && o.Source == OpinionSource.Mail);
        }

        await WaitForAsync(() => Imported(first), "the first mail", server);
        await WaitForAsync(async () => await UnmarkedAsync(server) == 0, "the first mail to be marked done", server);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal("IMAP으로 들어온 의견입니다.", (await db.Set<Opinion>().SingleAsync(o => o.MessageId == first)).Text);
        }

        // The server goes away under the poller and comes back: it reconnects and goes on.
        await server.StopAsync();
        await WaitForAsync(() => Task.FromResult(poller.Failures > 0), "the poller to notice the drop", server);
        await server.StartAsync();
        await AppendAsync(server, KoreanMail.Utf8QuotedPrintable(second, "lee@korea.kr", "재접속 후의 의견"));
        await WaitForAsync(() => Imported(second), "the mail sent after the restart", server);
        Assert.True(poller.Connections >= 2);

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Set<Opinion>().CountAsync(o => o.MessageId == first)); // marked mail is not read again
        }
    }
}
