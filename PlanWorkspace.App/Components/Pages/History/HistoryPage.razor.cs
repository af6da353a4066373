using Microsoft.AspNetCore.Components;
using MudBlazor;
using PlanWorkspace.App.History;
using PlanWorkspace.App.Identity;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.App.Components.Pages.History;

/// <summary>
/// A section's version history: the timeline of checkpoints and named versions, any version as
/// text, rendered or coloured by author, a diff between any two versions, naming and restoring.
/// Every action goes through <see cref="HistoryService"/>, which checks the permission.
/// </summary>
public partial class HistoryPage
{
    private Actor? _actor;
    private HistorySection? _section;
    private TimelinePage _timeline = new([], 0, 0, 20);
    private IReadOnlyList<NamedVersionInfo> _names = [];
    private List<BreadcrumbItem> _crumbs = [];
    private VersionContent? _content;
    private IReadOnlyList<DiffSegment>? _diff;
    private bool _diffTooLarge;
    private Refusal? _error;
    private string? _message;
    private bool _messageIsError;
    private int _version;
    private int _versionInput;
    private int _slider;
    private int _tab;
    private bool _viewRendered = true;
    private bool _showAuthorship;
    private bool _sideBySide = true;
    private bool _diffRendered = true;
    private bool _confirmRestore;
    private int _from;
    private int _to;
    private int _diffFrom;
    private int _diffTo;
    private string? _newName;

    [Inject]
    private HistoryService History { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private RefusalText Refused { get; set; } = default!;

    [Parameter]
    public int Id { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _actor = await Actors.GetAsync();
        if (_actor is null)
        {
            _error = Refusals.History.NotAllowed;
            return;
        }
        if (!await ReloadSectionAsync())
        {
            return;
        }
        _crumbs = [new(L["Nav.Dashboard"], href: ""), new(_section!.Title, href: $"sections/{Id}"), new(L["History.Title"], href: null, disabled: true)];
        await LoadTimelineAsync(0);
        _from = _names.FirstOrDefault()?.Version ?? _timeline.Entries.Skip(1).FirstOrDefault()?.Checkpoint.ToVersion ?? 0;
        _to = _section.LatestVersion;
        await SelectAsync(_section.LatestVersion);
    }

    private async Task<bool> ReloadSectionAsync()
    {
        var section = await History.SectionAsync(_actor!, Id);
        (_section, _error) = (section.Value, section.Refusal);
        return section.Succeeded;
    }

    private async Task LoadTimelineAsync(int page)
    {
        var timeline = await History.TimelineAsync(_actor!, Id, page);
        if (timeline.Succeeded)
        {
            _timeline = timeline.Value!;
            _slider = Math.Max(0, _timeline.Total - 1);
        }
        var names = await History.NamedVersionsAsync(_actor!, Id);
        _names = names.Value ?? [];
    }

    private Task PageAsync(int page) => LoadTimelineAsync(page);

    private async Task SelectAsync(int version)
    {
        _version = _versionInput = version;
        _confirmRestore = false;
        _tab = 0;
        await LoadVersionAsync();
    }

    private async Task LoadVersionAsync()
    {
        var content = await History.VersionAsync(_actor!, Id, _version, _showAuthorship);
        if (content.Succeeded)
        {
            _content = content.Value;
        }
        else
        {
            Show(Refused[content.Refusal!], error: true);
        }
    }

    private async Task SlideAsync()
    {
        var checkpoint = await History.CheckpointAtAsync(_actor!, Id, _slider);
        if (checkpoint is not null)
        {
            await SelectAsync(checkpoint.ToVersion);
        }
    }

    private async Task CompareAsync()
    {
        var diff = await History.DiffAsync(_actor!, Id, _from, _to);
        _diffTooLarge = diff.Refusal == Refusals.History.TooLargeToCompare;
        if (diff.Succeeded || _diffTooLarge)
        {
            (_diff, _diffFrom, _diffTo) = (diff.Value, _from, _to);
        }
        else
        {
            Show(Refused[diff.Refusal!], error: true);
        }
    }

    private async Task NameAsync()
    {
        var named = await History.NameVersionAsync(_actor!, Id, _version, _newName);
        if (!named.Succeeded)
        {
            Show(Refused[named.Refusal!], error: true);
            return;
        }
        _newName = null;
        Show(L["History.Named"], error: false);
        await LoadTimelineAsync(_timeline.Page);
    }

    private async Task RestoreAsync()
    {
        _confirmRestore = false;
        var restored = await History.RestoreAsync(_actor!, Id, _version);
        if (!restored.Succeeded)
        {
            Show(Refused[restored.Refusal!], error: true);
            return;
        }
        Show(L["History.Restored"], error: false);
        await ReloadSectionAsync();
        await LoadTimelineAsync(0);
        (_from, _to) = (_version, restored.Value);
        await SelectAsync(restored.Value);
    }

    private void Show(string message, bool error) => (_message, _messageIsError) = (message, error);
}
