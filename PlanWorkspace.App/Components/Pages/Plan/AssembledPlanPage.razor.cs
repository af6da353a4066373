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
/// The assembled plan, live: the <see cref="SectionFeed"/> tells it of every commit, status change
/// and plan-data change (debounced to one refresh per 300 ms while people type); nothing polls the
/// database. Only sections whose text changed are re-rendered, all of them when the plan data changed.
/// </summary>
public sealed partial class AssembledPlanPage
{
    private static readonly ExportFormat[] Formats = [ExportFormat.Hwpx, ExportFormat.Docx, ExportFormat.Pdf, ExportFormat.Markdown, ExportFormat.Html];

    private readonly Dictionary<int, (int Version, string Markdown, string Html)> _rendered = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Actor? _actor;
    private AssembledPlan? _plan;
    private PlanLabels _labels = default!;
    private IDisposable? _feed;
    private Timer? _debounce;
    private ExportFormat? _exporting;
    private bool _live;
    private IJSObjectReference? _module;

    [Inject] private AssembledPlanService Plans { get; set; } = default!;
    [Inject] private PlanExportService Exports { get; set; } = default!;
    [Inject] private PlanHtmlRenderer Renderer { get; set; } = default!;
    [Inject] private SectionFeed Feed { get; set; } = default!;
    [Inject] private ActorAccessor Actors { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private RefusalText Refused { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    protected override async Task OnInitializedAsync()
    {
        _labels = Exports.Labels();
        _actor = await Actors.GetAsync();
        if (_actor is not null)
        {
            _plan = await Plans.AssembleAsync(_actor);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _actor is not null && RendererInfo.IsInteractive)
        {
            _debounce = new Timer(_ => _ = RefreshAsync(), null, Timeout.Infinite, Timeout.Infinite);
            _feed = Feed.SubscribeAll(OnSectionEvent);
            _live = true;
            StateHasChanged();
        }
    }

    private string AuthorsOf(AssembledSection section) => section.Authors.Count == 0 ? _labels.NoAuthors : string.Join(", ", section.Authors);

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

    // Typing produces many versions a second; refresh at most every 300 ms. Sections the actor
    // may not read are filtered by the refresh itself (the assembly applies the read rule).
    private void OnSectionEvent(SectionFeedEvent e)
    {
        switch (e)
        {
            case PlanDataChanged:
                // Cards and tables come from the plan data: render every section again.
                _ = InvokeAsync(() => _rendered.Clear());
                _debounce?.Change(300, Timeout.Infinite);
                break;
            case SectionCommitted { Updates.Count: > 0 } or SectionCommitted { StatusChanged: true } or SectionStatusChanged:
                _debounce?.Change(300, Timeout.Infinite);
                break;
        }
    }

    private async Task RefreshAsync()
    {
        if (_actor is null || _stop.IsCancellationRequested || !await _refreshing.WaitAsync(0))
        {
            // A refresh is running; the next one brings what it misses.
            _debounce?.Change(300, Timeout.Infinite);
            return;
        }
        try
        {
            var plan = await Plans.AssembleAsync(_actor, _stop.Token);
            await InvokeAsync(() =>
            {
                _plan = plan;
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
            Snackbar.Add(Refused[e.Refusal], Severity.Error);
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
        _feed?.Dispose();
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
