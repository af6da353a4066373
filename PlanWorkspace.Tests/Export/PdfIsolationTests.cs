using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Tests.TestUtils;
using UglyToad.PdfPig;

namespace PlanWorkspace.Tests.Export;

/// <summary>
/// Exports cannot reach the server's network or files: a section points images (and links) at a
/// loopback listener this test runs and at a PNG on the server's disk holding a unique marker.
/// After every export — HTML, DOCX, HWPX, Markdown and a PDF printed by the real Chromium — the
/// listener has had no connection, and no export holds the file: the PDF's only image is the one
/// inlined as a data: URI (2×2), never the local 7×3 file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PdfIsolationTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("plan-isolation-").FullName;
    private readonly string _marker = "MARKER-" + Guid.NewGuid().ToString("N");
    private int _connections;
    private string _localPng = string.Empty;

    public Task InitializeAsync()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        _listener.Start();
        _ = AcceptAsync();
        _localPng = Path.Combine(_folder, "secret.png");
        File.WriteAllBytes(_localPng, Png.Create(7, 3, _marker));
        File.WriteAllText(Path.Combine(_folder, "secret.txt"), _marker);
        return Task.CompletedTask;
    }

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // the test is over
        }
    }

    private string Section() => $"""
        ## 외부 자료

        ![루프백](http://127.0.0.1:{Port}/image.png)

        ![루프백 이름](http://localhost:{Port}/image.png)

        ![보안 루프백](https://127.0.0.1:{Port}/image.png)

        ![로컬 파일]({_localPng})

        ![로컬 URL](file://{_localPng})

        ![로컬 글]({Path.Combine(_folder, "secret.txt")})

        <img src="http://127.0.0.1:{Port}/raw.png">

        [링크](http://127.0.0.1:{Port}/link) <http://127.0.0.1:{Port}/autolink> [파일 링크](file://{_localPng})

        ![인라인 그림]({Png.DataUri(Png.Create(2, 2))})
        """;

    [EndToEndFact]
    public async Task NoExportFetchesALoopbackUrlOrEmbedsALocalFile()
    {
        var plan = ExportPlans.Plan(Section());
        using var gate = new PdfExportGate(Options.Create(new ExportOptions()));
        var exports = new Dictionary<string, byte[]>();
        foreach (var exporter in new IPlanExporter[]
                 {
                     new HtmlExporter(new PlanHtmlRenderer()), new DocxExporter(), new HwpxExporter(), new MarkdownExporter(),
                     new PdfExporter(new PlanHtmlRenderer(), gate, Options.Create(new ExportOptions()), NullLogger<PdfExporter>.Instance),
                 })
        {
            exports[exporter.Extension] = await ExportPlans.ExportAsync(exporter, plan);
        }

        Assert.Equal(0, Volatile.Read(ref _connections));
        var marker = Encoding.ASCII.GetBytes(_marker);
        foreach (var (format, bytes) in exports)
        {
            Assert.True(bytes.AsSpan().IndexOf(marker) < 0, format);
        }
        foreach (var format in new[] { "docx", "hwpx" })
        {
            foreach (var (name, entry) in ExportPlans.Entries(exports[format]))
            {
                Assert.True(entry.AsSpan().IndexOf(marker) < 0, $"{format} {name}");
                Assert.False(name.EndsWith(".png", StringComparison.OrdinalIgnoreCase), $"{format} {name}");
            }
        }

        using var pdf = PdfDocument.Open(exports["pdf"]);
        var images = pdf.GetPages().SelectMany(p => p.GetImages()).ToList();
        var only = Assert.Single(images); // the inline one: images print, and the local file is not among them
        Assert.Equal((2, 2), (only.WidthInSamples, only.HeightInSamples));
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.DoesNotContain(_marker, text);
        Assert.Contains("로컬파일", text.Replace(" ", "", StringComparison.Ordinal)); // the dropped image's alternative text
    }

    [EndToEndFact]
    public async Task ChromiumFetchesNothingEvenForAnUnsanitisedPageAskingForTheNetworkAndFiles()
    {
        // No CSP and no sanitiser here: only the browser's own isolation stands between the page and the server.
        var html = $$"""
            <!DOCTYPE html><html><head><meta charset="utf-8">
            <link rel="stylesheet" href="http://127.0.0.1:{{Port}}/style.css">
            <script src="http://127.0.0.1:{{Port}}/script.js"></script>
            <style>body { background: url(http://127.0.0.1:{{Port}}/background.png); } @import url(http://localhost:{{Port}}/import.css);</style>
            </head><body><h1>격리</h1>
            <img src="http://127.0.0.1:{{Port}}/image.png"><img src="http://localhost:{{Port}}/name.png">
            <img src="file://{{_localPng}}"><img src="{{_localPng}}">
            <iframe src="http://127.0.0.1:{{Port}}/frame"></iframe><iframe src="file://{{_folder}}/secret.txt"></iframe>
            <script>fetch("http://127.0.0.1:{{Port}}/fetch"); new Image().src = "http://127.0.0.1:{{Port}}/script-image";</script>
            </body></html>
            """;
        using var gate = new PdfExportGate(Options.Create(new ExportOptions()));
        var exporter = new PdfExporter(new PlanHtmlRenderer(), gate, Options.Create(new ExportOptions()), NullLogger<PdfExporter>.Instance);

        var bytes = await exporter.PrintAsync(html).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(0, Volatile.Read(ref _connections));
        using var pdf = PdfDocument.Open(bytes);
        Assert.Contains("격리", string.Concat(pdf.GetPages().Select(p => p.Text)));
        // Only the browser's broken-image icons print; never the local 7×3 file.
        Assert.DoesNotContain(pdf.GetPages().SelectMany(p => p.GetImages()), i => (i.WidthInSamples, i.HeightInSamples) == (7, 3));
        Assert.DoesNotContain(_marker, string.Concat(pdf.GetPages().Select(p => p.Text)));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
