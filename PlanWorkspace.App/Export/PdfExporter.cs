using System.Diagnostics;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Services.PlanMarkdown;

namespace PlanWorkspace.App.Export;

/// <summary>Where the PDF exporter finds Chromium and how long it may take (section <c>Export</c>).</summary>
public sealed class ExportOptions
{
    /// <summary>The Chromium (or Chrome) binary; when empty, the usual Linux paths are tried.</summary>
    public string? ChromiumPath { get; set; }

    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The configured binary, else the first that exists of the usual paths; null when none does.</summary>
    public string? FindChromium() =>
        !string.IsNullOrWhiteSpace(ChromiumPath)
            ? ChromiumPath
            : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
}

/// <summary>
/// The plan as PDF: the self-contained HTML export printed by headless Chromium (ADR-006), so the
/// PDF looks like the print view — A4, Korean fonts from the system (fonts-nanum), selectable text.
/// </summary>
public sealed class PdfExporter(PlanHtmlRenderer renderer, IOptions<ExportOptions> options, ILogger<PdfExporter> logger) : IPlanExporter
{
    public ExportFormat Format => ExportFormat.Pdf;
    public string ContentType => "application/pdf";
    public string Extension => "pdf";

    /// <summary>True when a Chromium binary is available to print with.</summary>
    public bool IsAvailable => options.Value.FindChromium() is not null;

    public async Task WriteAsync(AssembledPlan plan, PlanLabels labels, Stream output, CancellationToken ct = default)
    {
        var chromium = options.Value.FindChromium()
            ?? throw new ExportUnavailableException("Export.PdfUnavailable");
        var folder = Directory.CreateTempSubdirectory("plan-pdf-");
        try
        {
            var html = Path.Combine(folder.FullName, "plan.html");
            var pdf = Path.Combine(folder.FullName, "plan.pdf");
            await File.WriteAllTextAsync(html, renderer.DocumentHtml(plan, labels), ct);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                         "--disable-extensions", "--disable-background-networking", "--disable-sync", "--no-pdf-header-footer",
                         $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={pdf}", new Uri(html).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new ExportUnavailableException("Export.PdfUnavailable");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.PdfTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (!File.Exists(pdf) || new FileInfo(pdf).Length == 0)
            {
                logger.LogError("Chromium printed no PDF (exit {ExitCode}): {Error}", process.ExitCode, await stderr);
                throw new ExportUnavailableException("Export.PdfFailed");
            }
            await using var file = File.OpenRead(pdf);
            await file.CopyToAsync(output, ct);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException e)
            {
                logger.LogDebug(e, "Temporary PDF folder {Folder} not removed.", folder.FullName);
            }
        }
    }
}

/// <summary>An export that cannot be produced here (e.g. no Chromium for PDF); the message is a resource key.</summary>
public sealed class ExportUnavailableException(string messageKey) : Exception(messageKey)
{
    public string MessageKey { get; } = messageKey;
}
