using System.Globalization;
using Microsoft.AspNetCore.Components;
using PlanWorkspace.App.Components.Shared;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Components.Pages.Sections;

// What the panel's buttons do: compose from the editor's selection, submit, decide, reply, resolve.
// Every action goes through ReviewService, which checks the permission; a refusal is shown in the panel.
public sealed partial class ReviewPanel
{
    private async Task SetSuggesting(bool on)
    {
        _suggesting = on;
        if (Editor is not null)
        {
            await Editor.SetSuggestingAsync(on);
        }
    }

    private void SetOnBehalfOf(int personId)
    {
        _onBehalfOf = personId;
        Editor?.ProposeOnBehalfOf(personId == 0 ? null : personId);
    }

    private async Task Compose(Composing what)
    {
        _error = null;
        _selection = Editor is null ? null : await Editor.GetSelectionAsync();
        if (_selection is null)
        {
            _error = Refusals.Review.NotReady;
            return;
        }
        if (what == Composing.Comment && _selection.From == _selection.To)
        {
            _error = Refusals.Review.NoSelection;
            return;
        }
        (_composing, _replacement, _reason, _comment) = (what, _selection.Text, null, null);
    }

    private async Task Submit()
    {
        if (_actor is null || _selection is null)
        {
            return;
        }
        _busy = true;
        var result = _composing == Composing.Suggestion
            ? await Review.SuggestAsync(_actor, SectionId, _selection, _replacement, _reason, CanWrite && _onBehalfOf != 0 ? _onBehalfOf : null)
            : await Review.StartThreadAsync(_actor, SectionId, _selection, _comment ?? string.Empty);
        _busy = false;
        if (!Done(result))
        {
            return;
        }
        _active = (_composing == Composing.Suggestion ? "s" : "t") + result.Value.ToString(CultureInfo.InvariantCulture);
        _tab = _composing == Composing.Suggestion ? 0 : 1;
        _composing = Composing.None;
        await LoadAsync();
    }

    private async Task Accept((int Id, bool Confirmed) args) => await Act(() => Review.AcceptAsync(_actor!, args.Id, args.Confirmed));

    private async Task Reject((int Id, string? Note) args) => await Act(() => Review.RejectAsync(_actor!, args.Id, args.Note));

    private async Task Withdraw(int id) => await Act(() => Review.WithdrawAsync(_actor!, id));

    private async Task Reply((int Id, string Body) args) => await Act(() => Review.ReplyAsync(_actor!, args.Id, args.Body));

    private async Task ReplyToSuggestion((int Id, string Body) args) => await Act(() => Review.ReplyToSuggestionAsync(_actor!, args.Id, args.Body));

    private async Task Revert(int id) => await Act(() => Review.RevertAsync(_actor!, id));

    private async Task EditComment((int Id, string Body) args) => await Act(() => Review.EditCommentAsync(_actor!, args.Id, args.Body));

    private async Task DeleteComment(int id) => await Act(() => Review.DeleteCommentAsync(_actor!, id));

    private async Task Resolve((int Id, bool Resolve) args) => await Act(() => Review.ResolveAsync(_actor!, args.Id, args.Resolve));

    private async Task Bulk(bool accept)
    {
        if (_actor is null)
        {
            return;
        }
        var refused = await Review.DecideManyAsync(_actor, _selected.ToList(), accept);
        _selected.Clear();
        _selected.UnionWith(refused.Keys);
        _error = refused.Count == 0 ? null : refused.Values.First();
        await LoadAsync();
    }

    private async Task Act(Func<Task<Result<int>>> action)
    {
        if (_actor is null)
        {
            return;
        }
        Done(await action());
        await LoadAsync();
    }

    private bool Done(Result<int> result)
    {
        _error = result.Refusal;
        return result.Succeeded;
    }

    private async Task Reveal(string markId)
    {
        _active = markId;
        if (Editor is not null)
        {
            await Editor.RevealAsync(markId);
        }
    }

    private void ToggleSelected(int id, bool on)
    {
        if (on)
        {
            _selected.Add(id);
        }
        else
        {
            _selected.Remove(id);
        }
    }
}
