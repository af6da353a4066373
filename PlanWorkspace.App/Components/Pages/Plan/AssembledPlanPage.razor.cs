using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Access;

namespace PlanWorkspace.App.Components.Pages.Plan;

/// <summary>
/// The assembled plan, live. Two sources of change keep it current without reloading: the
/// <see cref="DocumentSession.TextChanged"/> event of every section whose session is loaded here
/// (instant, debounced), and a light poll of <see cref="AssembledPlanService.StampsAsync"/> (one
/// small queries every two seconds) for what no event reaches — status and title changes, edited
/// targets and initiatives, sessions loaded later, other instances. Only sections whose text changed
/// are re-rendered, all of them when the plan data changed.
/// </summary>
public sealed partial class AssembledPlanPage
{
    private static readonly ExportFormat[] Formats = [ExportFormat.Hwpx, ExportFormat.Docx, ExportFormat.Pdf, ExportFormat.Markdown, ExportFormat.Html];
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<int, (int Version, string Markdown, string Html)> _rendered = [];
    private readonly Dictionary<int, DocumentSession> _watched = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Actor? _actor;
    private AssembledPlan? _plan;
    private PlanLabels _labels = default!;
    private IReadOnlyDictionary<int, SectionStamp> _stamps = new Dictionary<int, SectionStamp>();
    private int _factsStamp;
    private Timer? _debounce;
    private ExportFormat? _exporting;
    private bool _live;
    private IJSObjectReference? _module;

    [Inject] private AssembledPlanService Plans { get; set; } = default!;
    [Inject] private PlanExportService Exports { get; set; } = default!;
    [Inject] private PlanHtmlRenderer Renderer { get; set; } = default!;
    [Inject] private DocumentSessionRegistry Sessions { get; set; } = default!;
    [Inject] private ActorAccessor Actors { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<AssembledPlanPage> Logger { get; set; } = default!;

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    protected override async Task OnInitializedAsync()
    {
        _labels = Exports.Labels();
        _actor = await Actors.GetAsync();
        if (_actor is not null)
        {
            _stamps = await Plans.StampsAsync(_actor);
            _factsStamp = await Plans.FactsStampAsync();
            _plan = await Plans.AssembleAsync(_actor);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _actor is not null && RendererInfo.IsInteractive)
        {
            _debounce = new Timer(_ => _ = RefreshAsync(), null, Timeout.Infinite, Timeout.Infinite);
            WatchLoadedSessions();
            _ = PollAsync(_stop.Token);
            _live = true;
            StateHasChanged();
        }
    }

    private string Html(AssembledSection section)
    {
        if (_rendered.TryGetValue(section.Id, out var cached) && cached.Version == section.Version && cached.Markdown == section.Markdown)
        {
            return cached.Html;
        }
        var html = Renderer.SectionHtml(section, _plan!.Facts, _labels);
        _rendered[section.Id] = (section.Version, section.Markdown, html);
        return html;
    }

    /// <summary>Follows the text of every section whose session is loaded, without keeping it loaded.</summary>
    private void WatchLoadedSessions()
    {
        lock (_watched)
        {
            // A refresh that finishes after the page closed must not start watching again.
            if (_plan is not null && !_stop.IsCancellationRequested)
            {
                WatchLoadedSessions(_plan);
            }
        }
    }

    private void WatchLoadedSessions(AssembledPlan plan)
    {
        foreach (var section in plan.Sections)
        {
            var loaded = Sessions.Loaded(section.Id);
            _watched.TryGetValue(section.Id, out var watched);
            if (ReferenceEquals(loaded, watched))
            {
                continue;
            }
            if (watched is not null)
            {
                watched.TextChanged -= OnTextChanged;
                _watched.Remove(section.Id);
            }
            if (loaded is not null)
            {
                loaded.TextChanged += OnTextChanged;
                _watched[section.Id] = loaded;
            }
        }
    }

    // Typing produces many versions a second; refresh at most every 300 ms.
    private void OnTextChanged(int version) => _debounce?.Change(300, Timeout.Infinite);

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await PollOnceAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
                {
                    // One failed poll (a busy database) must not stop the page from following the plan.
                    Logger.LogWarning(e, "Polling the assembled plan failed; trying again.");
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // the page closed, or the circuit is gone
        }
    }

    private async Task PollOnceAsync(CancellationToken ct)
    {
        var stamps = await Plans.StampsAsync(_actor!, ct);
        var factsStamp = await Plans.FactsStampAsync(ct);
        if (factsStamp != _factsStamp)
        {
            // Cards and tables come from the plan data: render every section again.
            await InvokeAsync(() =>
            {
                _factsStamp = factsStamp;
                _rendered.Clear();
            });
            await RefreshAsync();
        }
        else if (!SameStamps(stamps, _stamps))
        {
            await RefreshAsync();
        }
        else
        {
            await InvokeAsync(WatchLoadedSessions);
        }
    }

    private static bool SameStamps(IReadOnlyDictionary<int, SectionStamp> a, IReadOnlyDictionary<int, SectionStamp> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && other == pair.Value);

    private async Task RefreshAsync()
    {
        if (_actor is null || _stop.IsCancellationRequested || !await _refreshing.WaitAsync(0))
        {
            // A refresh is running; the debounce or the next poll brings what it misses.
            _debounce?.Change(300, Timeout.Infinite);
            return;
        }
        try
        {
            var stamps = await Plans.StampsAsync(_actor, _stop.Token);
            var plan = await Plans.AssembleAsync(_actor, _stop.Token);
            await InvokeAsync(() =>
            {
                _stamps = stamps;
                _plan = plan;
                WatchLoadedSessions();
                StateHasChanged();
            });
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // the page closed
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task ExportAsync(ExportFormat format)
    {
        if (_actor is null)
        {
            return;
        }
        _exporting = format;
        StateHasChanged();
        try
        {
            var file = await Exports.ExportAsync(_actor, format, ct: _stop.Token);
            using var stream = new MemoryStream(file.Content);
            using var reference = new DotNetStreamReference(stream);
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/plan-export.js");
            await _module.InvokeVoidAsync("downloadFile", file.FileName, file.ContentType, reference);
            Snackbar.Add(string.Format(CultureInfo.CurrentCulture, L["Export.Done"], L[$"Export.{format}"]), Severity.Success);
        }
        catch (ExportUnavailableException e)
        {
            Snackbar.Add(L[e.MessageKey], Severity.Error);
        }
        finally
        {
            _exporting = null;
        }
    }

    private async Task PrintAsync()
    {
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/plan-export.js");
        await _module.InvokeVoidAsync("print");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        lock (_watched)
        {
            foreach (var session in _watched.Values)
            {
                session.TextChanged -= OnTextChanged;
            }
            _watched.Clear();
        }
        if (_debounce is not null)
        {
            await _debounce.DisposeAsync();
        }
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // the circuit is gone
            }
        }
        _stop.Dispose();
    }
}
