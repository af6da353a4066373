using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.Consultation.Mail;
using PlanWorkspace.App.Data;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Bench.Consult;

/// <summary>
/// <c>consult [--messages N] [--readers N] [--seconds S]</c>: the consultation at scale on a fresh SQLite file.
/// 1. generates an mbox of N Korean mails (EUC-KR, base64 bodies, an attachment each) and imports it
///    with the App's own command (<c>import-mail</c>, a separate process): messages/s and peak memory;
/// 2. the inbox's filter + search over the imported opinions, in process: p50/p95;
/// 3. the public page with N concurrent readers for S seconds against the App: requests/s and memory.
/// Prints one JSON line last; exits 1 when the import lost or duplicated a message.
/// </summary>
public static class ConsultCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Option(args, "--messages", 10_000);
        var readers = Option(args, "--readers", 200);
        var seconds = Option(args, "--seconds", 10);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var temp = Path.Combine(Path.GetTempPath(), "planworkspace-bench-consult", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        // --database keeps (or reuses) the imported file, so the search and page figures can be
        // re-measured without a fresh 10,000-message import each time.
        var kept = StringOption(args, "--database");
        var reuse = kept is not null && File.Exists(kept);
        var database = kept is not null ? Path.GetFullPath(kept) : Path.Combine(temp, "plan.db");
        var appDll = Path.Combine(AppContext.BaseDirectory, "PlanWorkspace.App.dll");
        try
        {
            var mbox = Path.Combine(temp, "opinions.mbox");
            double mboxMb = 0, importSeconds = 0, peakMb = 0;
            var expected = JsonSerializer.Serialize(new { messages, imported = messages, duplicates = 0, failed = 0 });
            var report = expected;
            if (reuse)
            {
                Console.Error.WriteLine($"reusing {database}; import not measured");
            }
            else
            {
                GenerateMbox(mbox, messages);
                mboxMb = new FileInfo(mbox).Length / 1048576.0;
                Console.Error.WriteLine($"generated {messages} messages, {mboxMb:N1} MB; importing…");
                (importSeconds, peakMb, report) = await ImportAsync(appDll, database, mbox);
                File.Delete(mbox);
                Console.Error.WriteLine($"import: {report} in {importSeconds:N1} s, peak working set {peakMb:N0} MB");
            }

            var (p50, p95, queries) = await SearchAsync(database);
            Console.Error.WriteLine($"inbox filter + search: p50 {p50:N1} ms, p95 {p95:N1} ms over {queries} queries");

            var (rps, pageMb, errors) = await PageAsync(appDll, database, readers, seconds);
            Console.Error.WriteLine($"public page: {rps:N0} requests/s with {readers} readers, {errors} errors, server {pageMb:N0} MB");

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                messages, mboxMb = Math.Round(mboxMb, 1), importSeconds = Math.Round(importSeconds, 1),
                messagesPerSecond = importSeconds > 0 ? Math.Round(messages / importSeconds) : 0, importPeakWorkingSetMb = Math.Round(peakMb),
                searchP50Ms = Math.Round(p50, 1), searchP95Ms = Math.Round(p95, 1), readers, pageRequestsPerSecond = Math.Round(rps),
                pageErrors = errors, pageServerWorkingSetMb = Math.Round(pageMb), importReport = report,
            }));
            return report == expected && errors == 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) && value > 0 ? value : fallback;
    }

    private static string? StringOption(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static readonly string[] Phrases =
    [
        "공공데이터 개방 범위를 넓혀 주십시오", "중소기업의 인공지능 도입을 지원해야 합니다", "GPU 클러스터를 대학과 연구소에 개방해 주십시오",
        "지역 거점 데이터센터의 전력 수급 계획이 필요합니다", "인공지능 윤리 기준을 법제화해야 합니다", "인재 양성 예산을 늘려 주십시오",
        "국방 분야 인공지능의 안전성 검증 절차를 마련해 주십시오", "글로벌 협력 과제에 개발도상국 지원을 포함해 주십시오",
    ];

    /// <summary>~6 KB per message: an EUC-KR body in base64 and a 3 KB attachment, as institutions send.</summary>
    private static void GenerateMbox(string path, int count)
    {
        var random = new Random(13);
        var eucKr = Encoding.GetEncoding("euc-kr");
        var attachment = new byte[3000];
        random.NextBytes(attachment);
        new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }.CopyTo(attachment, 0); // %PDF-
        var attachmentBase64 = Wrap(Convert.ToBase64String(attachment));
        using var output = new StreamWriter(path, false, Encoding.Latin1) { NewLine = "\n" };
        for (var i = 0; i < count; i++)
        {
            var body = new StringBuilder();
            for (var j = 0; j < 12; j++)
            {
                body.Append(Phrases[random.Next(Phrases.Length)]).Append(". 의견 번호 ").Append(i).Append('.').Append('\n');
            }
            output.WriteLine("From bench@example.kr Tue Dec  1 10:00:00 2026");
            output.WriteLine($"From: =?euc-kr?B?{Convert.ToBase64String(eucKr.GetBytes("기관" + (i % 350)))}?= <opinion{i}@org{i % 350}.or.kr>");
            output.WriteLine($"Subject: =?euc-kr?B?{Convert.ToBase64String(eucKr.GetBytes($"행동계획(안) 의견 {i}"))}?=");
            output.WriteLine($"Message-ID: <bench-{i}@example.kr>");
            output.WriteLine("MIME-Version: 1.0");
            output.WriteLine("Content-Type: multipart/mixed; boundary=\"b\"");
            output.WriteLine();
            output.WriteLine("--b");
            output.WriteLine("Content-Type: text/plain; charset=euc-kr");
            output.WriteLine("Content-Transfer-Encoding: base64");
            output.WriteLine();
            output.WriteLine(Wrap(Convert.ToBase64String(eucKr.GetBytes(body.ToString()))));
            output.WriteLine("--b");
            output.WriteLine("Content-Type: application/pdf; name=\"opinion.pdf\"");
            output.WriteLine("Content-Transfer-Encoding: base64");
            output.WriteLine("Content-Disposition: attachment; filename=\"opinion.pdf\"");
            output.WriteLine();
            output.WriteLine(attachmentBase64);
            output.WriteLine("--b--");
            output.WriteLine();
        }
    }

    private static string Wrap(string base64) =>
        string.Join("\n", Enumerable.Range(0, (base64.Length + 75) / 76).Select(i => base64.Substring(i * 76, Math.Min(76, base64.Length - (i * 76)))));

    private static async Task<(double Seconds, double PeakMb, string Report)> ImportAsync(string appDll, string database, string mbox)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(appDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(appDll);
        foreach (var arg in new[] { "import-mail", mbox, "--consultation", ConsultationSeeder.DemoSlug })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Plan"] = $"Data Source={database}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var peak = 0L;
        while (!process.HasExited)
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break;
            }
            await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        stopwatch.Stop();
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException("import-mail failed: " + await stderr);
        }
        return (stopwatch.Elapsed.TotalSeconds, peak / 1048576.0, lines[^1]);
    }

    /// <summary>The search reads no attachments; the reader is only what the importer is built with.</summary>
    private static AttachmentTextReader AttachmentTexts()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ConsultationOptions());
        return new AttachmentTextReader(new PdfTextExtractor(options, NullLogger<PdfTextExtractor>.Instance), options);
    }

    private static async Task<(double P50, double P95, int Queries)> SearchAsync(string database)
    {
        var factory = new Factory($"Data Source={database}");
        var triage = new OpinionTriage(factory, new MailImporter(factory, AttachmentTexts(), TimeProvider.System, NullLogger<MailImporter>.Instance), TimeProvider.System);
        await using var db = factory.CreateDbContext();
        // A reused file (--database) may predate this build's migrations (e.g. the inbox's indexes).
        await db.Database.MigrateAsync();
        var viceChair = Actor.From(await db.People.AsNoTracking().FirstAsync(p => p.Memberships.Any(m => m.Role == Role.ViceChair)));
        var sections = await db.Set<ConsultationSection>().AsNoTracking().Select(s => s.SectionId).ToListAsync();
        string?[] searches = ["데이터센터", "윤리 기준", "인재", "GPU 클러스터", "개발도상국 지원", null];
        var filters = new List<OpinionFilter>();
        for (var i = 0; i < 120; i++)
        {
            filters.Add(new OpinionFilter(
                SectionId: i % 3 == 0 ? sections[i % sections.Count] : null,
                Category: i % 4 == 0 ? InstitutionCategory.Individual : null,
                State: i % 5 == 0 ? OpinionState.New : null,
                Search: searches[i % searches.Length],
                Page: i % 2));
        }
        foreach (var filter in filters.Take(10))
        {
            await triage.ListAsync(viceChair, ConsultationSeeder.DemoSlug, filter); // warm-up
        }
        var times = new List<double>();
        foreach (var filter in filters)
        {
            var stopwatch = Stopwatch.StartNew();
            var page = await triage.ListAsync(viceChair, ConsultationSeeder.DemoSlug, filter) ?? throw new InvalidOperationException("no access");
            stopwatch.Stop();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            _ = page.Total;
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], times.Count);
    }

    private static async Task<(double Rps, double ServerMb, int Errors)> PageAsync(string appDll, string database, int readers, int seconds)
    {
        await using var app = await AppProcess.StartAsync(appDll, database, TimeSpan.FromMinutes(2));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = readers, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var path = $"consult/{ConsultationSeeder.DemoSlug}";
        (await client.GetAsync(path)).EnsureSuccessStatusCode();
        var count = 0L;
        var errors = 0;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, readers).Select(async _ =>
        {
            while (DateTime.UtcNow < deadline)
            {
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref count);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToList();
        await Task.WhenAll(tasks);
        stopwatch.Stop();
        return (count / stopwatch.Elapsed.TotalSeconds, app.WorkingSetBytes / 1048576.0, errors);
    }

    private sealed class Factory(string connectionString) : IDbContextFactory<PlanDbContext>
    {
        public PlanDbContext CreateDbContext() => new(new DbContextOptionsBuilder<PlanDbContext>().UseSqlite(connectionString).Options);
    }
}
