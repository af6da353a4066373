using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;
using System.Diagnostics;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>
/// The plan as PDF: the self-contained HTML export printed by headless Chromium (ADR-006), so the
/// PDF looks like the print view — A4, Korean fonts from the system (fonts-nanum), selectable text.
/// Chromium is shut off from the server: the page is handed over the DevTools pipe (never a file),
/// its CSP forbids every fetch, every request it still makes is failed by request interception,
/// and the browser runs with a fresh profile whose proxy and host resolver lead nowhere.
/// </summary>
public sealed class PdfExporter(PlanHtmlRenderer renderer, PdfExportGate gate, IOptions<ExportOptions> options, ILogger<PdfExporter> logger) : IPlanExporter
{
    public ExportFormat Format => ExportFormat.Pdf;
    public string ContentType => "application/pdf";
    public string Extension => "pdf";

    /// <summary>True when a Chromium binary is available to print with.</summary>
    public bool IsAvailable => options.Value.FindChromium() is not null;

    /// <summary>The exact page Chromium prints first: the HTML export (sanitised sections, its CSP, inline styles) with a blank page column.</summary>
    public string PrintableHtml(AssembledPlan plan, PlanLabels labels) => renderer.DocumentHtml(plan, labels, new Dictionary<string, int>());

    /// <summary>
    /// The flags that keep Chromium off the network and the disk: a proxy nobody listens on for
    /// every host, loopback included (<c>&lt;-loopback&gt;</c>), names that never resolve, no
    /// background services, and a profile of its own. The sandbox stays on unless configured off
    /// or impossible (root).
    /// </summary>
    public static IReadOnlyList<string> ChromiumArguments(string profileFolder, bool sandbox)
    {
        var arguments = new List<string>
        {
            "--headless", "--remote-debugging-pipe", $"--user-data-dir={profileFolder}",
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--disable-extensions", "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
            "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio",
        };
        if (!sandbox)
        {
            arguments.Add("--no-sandbox");
        }
        arguments.Add("about:blank");
        return arguments;
    }

    /// <summary>Prints beyond the second pass only if the numbers themselves moved a heading (they cannot: the column is fixed).</summary>
    internal const int MaxPasses = 3;

    public async Task WriteAsync(AssembledPlan plan, PlanLabels labels, Stream output, CancellationToken ct = default) =>
        await output.WriteAsync(await PrintPlanAsync(plan, labels, ct), ct);

    /// <summary>
    /// The plan with page numbers in its contents table. Pass one prints the page with the number
    /// column blank and reads where Chromium put each section (its named destinations); pass two
    /// prints the same page with those numbers, which take the blank's fixed room so nothing moves
    /// — and is checked: should a heading still have moved, another pass prints the new numbers.
    /// </summary>
    public async Task<byte[]> PrintPlanAsync(AssembledPlan plan, PlanLabels labels, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        return await RunAsync(async (pipe, token) =>
        {
            IReadOnlyDictionary<string, int> used = new Dictionary<string, int>();
            var pdf = await PrintPageAsync(pipe, renderer.DocumentHtml(plan, labels, used), token);
            for (var pass = 1; pass < MaxPasses; pass++)
            {
                var found = PdfDestinations.PagesOf(pdf);
                if (found.Count == used.Count && found.All(f => used.TryGetValue(f.Key, out var page) && page == f.Value))
                {
                    return pdf;
                }
                used = found;
                pdf = await PrintPageAsync(pipe, renderer.DocumentHtml(plan, labels, used), token);
            }
            logger.LogWarning("The PDF's contents page numbers did not settle after {Passes} passes.", MaxPasses);
            return pdf;
        }, ct);
    }

    /// <summary>
    /// Prints any page to PDF with every isolation in place (a queue slot, no network, no files,
    /// no script). The plan's page is already sanitised; this does not rely on it.
    /// </summary>
    public Task<byte[]> PrintAsync(string html, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        return RunAsync((pipe, token) => PrintPageAsync(pipe, html, token), ct);
    }

    private async Task<byte[]> RunAsync(Func<DevToolsPipe, CancellationToken, Task<byte[]>> print, CancellationToken ct)
    {
        var chromium = options.Value.FindChromium()
            ?? throw new ExportUnavailableException(Refusals.Export.PdfUnavailable);
        using var slot = await gate.EnterAsync(ct);
        return await RunAsync(chromium, print, ct);
    }

    private async Task<byte[]> RunAsync(string chromium, Func<DevToolsPipe, CancellationToken, Task<byte[]>> print, CancellationToken ct)
    {
        var profile = Directory.CreateTempSubdirectory("plan-pdf-");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PdfTimeout);
        // The shell hands Chromium our stdin as fd 3 (commands) and our stdout as fd 4 (answers).
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", "exec \"$@\" 3<&0 4>&1 </dev/null >/dev/null", "sh", chromium }
                     .Concat(ChromiumArguments(profile.FullName, options.Value.SandboxChromium)))
        {
            start.ArgumentList.Add(argument);
        }
        Process? process = null;
        var errors = new StringBuilder();
        try
        {
            process = Process.Start(start) ?? throw new ExportUnavailableException(Refusals.Export.PdfUnavailable);
            _ = KeepTailAsync(process.StandardError, errors);
            await using var pipe = new DevToolsPipe(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            var pdf = await print(pipe, timeout.Token);
            try
            {
                await pipe.SendAsync("Browser.close", ct: timeout.Token).WaitAsync(TimeSpan.FromSeconds(5), timeout.Token);
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                // closing answers by closing the pipe; the process is stopped below either way
            }
            return pdf;
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            lock (errors)
            {
                logger.LogError(e, "Chromium printed no PDF: {Error}", errors.ToString());
            }
            throw new ExportUnavailableException(Refusals.Export.PdfFailed);
        }
        finally
        {
            if (process is not null)
            {
                await StopAsync(process);
                process.Dispose();
            }
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException e)
            {
                logger.LogDebug(e, "Temporary Chromium profile {Folder} not removed.", profile.FullName);
            }
        }
    }

    /// <summary>"3 / 12" centred in the bottom margin (the @page rule leaves 22 mm for it).</summary>
    internal const string PageFooter =
        "<div style=\"width:100%;font-size:9pt;text-align:center;color:#444;font-family:sans-serif\">" +
        "<span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></div>";

    /// <summary>Prints <paramref name="html"/> in a fresh tab of the running Chromium, closed afterwards.</summary>
    private async Task<byte[]> PrintPageAsync(DevToolsPipe pipe, string html, CancellationToken ct)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? session = null;
        void OnEvent(string method, JsonElement parameters, string? sessionId)
        {
            if (sessionId != session || session is null)
            {
                return;
            }
            switch (method)
            {
                case "Fetch.requestPaused":
                    // Nothing the page asks for is fetched, whatever got past the sanitiser and the CSP.
                    logger.LogWarning("PDF page tried to fetch {Url}; refused.", parameters.GetProperty("request").GetProperty("url").GetString());
                    pipe.Post("Fetch.failRequest", new { requestId = parameters.GetProperty("requestId").GetString(), errorReason = "BlockedByClient" }, session);
                    break;
                case "Page.loadEventFired":
                    loaded.TrySetResult();
                    break;
            }
        }
        pipe.Event += OnEvent;
        try
        {
            return await PrintInTabAsync(pipe, html, loaded, s => session = s, ct);
        }
        finally
        {
            pipe.Event -= OnEvent;
        }
    }

    private static async Task<byte[]> PrintInTabAsync(DevToolsPipe pipe, string html, TaskCompletionSource loaded, Action<string?> attachedAs, CancellationToken ct)
    {
        var target = await pipe.SendAsync("Target.createTarget", new { url = "about:blank" }, ct: ct);
        var targetId = target.GetProperty("targetId").GetString();
        var attached = await pipe.SendAsync("Target.attachToTarget", new { targetId, flatten = true }, ct: ct);
        var session = attached.GetProperty("sessionId").GetString();
        attachedAs(session);
        await pipe.SendAsync("Fetch.enable", new { patterns = new[] { new { urlPattern = "*" } } }, session, ct);
        await pipe.SendAsync("Emulation.setScriptExecutionDisabled", new { value = true }, session, ct);
        await pipe.SendAsync("Page.enable", null, session, ct);
        var tree = await pipe.SendAsync("Page.getFrameTree", null, session, ct);
        var frameId = tree.GetProperty("frameTree").GetProperty("frame").GetProperty("id").GetString();
        await pipe.SendAsync("Page.setDocumentContent", new { frameId, html }, session, ct);
        await loaded.Task.WaitAsync(ct);
        var printed = await pipe.SendAsync("Page.printToPDF", new
        {
            printBackground = true,
            preferCSSPageSize = true,
            // Chromium fills the pageNumber/totalPages spans; the templates are ours, constant, and carry no
            // user text (an empty header, since the default one prints the title, the date and the URL).
            displayHeaderFooter = true,
            headerTemplate = "<div></div>",
            footerTemplate = PageFooter,
        }, session, ct);
        var pdf = Convert.FromBase64String(printed.GetProperty("data").GetString() ?? string.Empty);
        if (pdf.Length == 0)
        {
            throw new IOException("Chromium printed an empty PDF.");
        }
        await pipe.SendAsync("Target.closeTarget", new { targetId }, ct: ct);
        return pdf;
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    // The last few kilobytes of Chromium's error output, for the log when printing fails.
    private static async Task KeepTailAsync(StreamReader error, StringBuilder tail)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await error.ReadAsync(buffer)) > 0)
        {
            lock (tail)
            {
                tail.Append(buffer, 0, read);
                if (tail.Length > 16 * 1024)
                {
                    tail.Remove(0, tail.Length - 8 * 1024);
                }
            }
        }
    }
}

/// <summary>An export that cannot be produced here (e.g. no Chromium for PDF), with the <see cref="DomainException.Refusal"/> the user is shown.</summary>
public class ExportUnavailableException(Refusal refusal) : DomainException(refusal);
