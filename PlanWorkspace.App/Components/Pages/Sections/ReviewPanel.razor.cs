using System.Globalization;
using Microsoft.AspNetCore.Components;
using PlanWorkspace.App.Components.Shared;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Components.Pages.Sections;

// The panel's state, parameters and live loading; the markup is in ReviewPanel.razor, the actions
// (compose, submit, decide, reply) in ReviewPanel.Actions.cs.
public sealed partial class ReviewPanel : IDisposable
{
    private readonly CircuitCulture _culture = CircuitCulture.Capture();
    private enum Composing { None, Suggestion, Comment }

    private Actor? _actor;
    private DocumentSession? _session;
    private bool _disposed;
    private IDisposable? _subscription;
    private IReadOnlyList<SuggestionView> _suggestions = [];
    private IReadOnlyList<ThreadView> _threads = [];
    private IReadOnlyList<MentionCandidate> _people = [];
    private readonly HashSet<int> _selected = [];
    private Composing _composing;
    private SelectionAt? _selection;
    private string? _replacement;
    private string? _reason;
    private string? _comment;
    private Refusal? _error;
    private string? _active;
    private string _stateFilter = "pending";
    private int _authorFilter;
    private int _tab;
    private bool _busy;
    private bool _suggesting;
    private int _onBehalfOf;

    [Parameter, EditorRequired]
    public int SectionId { get; set; }

    [Parameter, EditorRequired]
    public int BodyId { get; set; }

    /// <summary>The section's editor, for selections and scrolling.</summary>
    [Parameter]
    public SectionEditor? Editor { get; set; }

    /// <summary>A suggestion or thread to show once loaded ("s12", "t5"; anything else is ignored).</summary>
    [Parameter]
    public string? InitialMark { get; set; }

    /// <summary>The viewer may edit the text (and so may switch to suggesting mode).</summary>
    [Parameter]
    public bool CanWrite { get; set; }

    // The header counts come from the same query as the dashboard's and the overview's, not from the (limited) lists below.
    private ReviewCounts _counts = new(0, 0, 0);
    private int OrphanCount => _suggestions.Count(s => s.State == SuggestionState.Orphaned) + _threads.Count(t => t.Orphaned);

    private IEnumerable<(int Id, string Name)> Authors =>
        _suggestions.Select(s => (s.AuthorId, s.AuthorName)).Concat(_threads.Select(t => (t.StarterId, t.StarterName))).Distinct().OrderBy(a => a.Item2, StringComparer.Ordinal);

    private IEnumerable<SuggestionView> VisibleSuggestions => _suggestions
        .Where(s => s.State != SuggestionState.Orphaned)
        .Where(s => _stateFilter switch { "all" => true, "pending" => s.IsPending, var state => s.State.ToString() == state })
        .Where(s => _authorFilter == 0 || s.AuthorId == _authorFilter);

    private IEnumerable<ThreadView> VisibleThreads => _threads
        .Where(t => !t.Orphaned)
        .Where(t => _stateFilter != "pending" || !t.Resolved)
        .Where(t => _authorFilter == 0 || t.StarterId == _authorFilter || t.Comments.Any(c => c.AuthorId == _authorFilter));

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        var subscribed = await Sessions.SubscribeAsync(SectionId, OnSectionEvent);
        if (subscribed is null)
        {
            return;
        }
        if (_disposed)
        {
            // Closed while the section loaded: a subscription now would pin the session for good.
            subscribed.Value.Subscription.Dispose();
            return;
        }
        (_session, _subscription) = subscribed.Value;
        _people = await Queries.MentionCandidatesAsync(SectionId);
        await LoadAsync();
        StateHasChanged();
        await ShowInitialMarkAsync();
    }

    // Marks moved, added, decided or replied to: reload the cards.
    private void OnSectionEvent(SectionFeedEvent e)
    {
        if (e is SectionCommitted { } c && (c.Marks.Count > 0 || c.ReviewStored))
        {
            OnReviewChanged();
        }
    }

    private void OnReviewChanged() => _ = InvokeAsync(async () =>
    {
        _culture.Apply();
        await LoadAsync();
        StateHasChanged();
    });

    private async Task LoadAsync()
    {
        if (_actor is null)
        {
            return;
        }
        _suggestions = await Queries.SuggestionsAsync(_actor, new ReviewQuery(SectionId));
        _threads = await Queries.ThreadsAsync(_actor, new ReviewQuery(SectionId));
        _counts = (await Queries.CountsAsync(_actor, sectionId: SectionId)).GetValueOrDefault(SectionId) ?? new(0, 0, 0);
        _selected.IntersectWith(_suggestions.Where(s => s.CanDecide).Select(s => s.Id));
    }

    /// <summary>A passage was clicked in the editor: show its card.</summary>
    public async Task ShowAsync(string markId)
    {
        _active = markId;
        _tab = markId.StartsWith('s') ? 0 : 1;
        StateHasChanged();
        if (Editor is not null)
        {
            await Task.Yield();
            await Editor.ScrollToAsync(markId);
        }
    }

    // A link from a notification: show the card, and the passage once the editor has its marks.
    private async Task ShowInitialMarkAsync()
    {
        var mark = InitialMark;
        if (mark is not { Length: >= 2 and <= 12 } || mark[0] is not ('s' or 't') || mark.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
        {
            return;
        }
        if (_suggestions.Any(s => s.MarkId == mark && !s.IsPending) || _threads.Any(t => t.MarkId == mark && t.Resolved))
        {
            _stateFilter = "all"; // decided or resolved: still show it
        }
        await ShowAsync(mark);
        for (var attempt = 0; attempt < 20 && Editor is not null && !_disposed; attempt++)
        {
            if (await Editor.RevealAsync(mark))
            {
                return;
            }
            await Task.Delay(250);
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "…";

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}
