using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Outcomes;
namespace PlanWorkspace.App.Components.Pages.Sections;

/// <summary>A suggestion typed in suggesting mode, as the editor sends it: the range at <c>Version</c>, the text it held, the proposed text.</summary>
public sealed record TypedSuggestion(int Version, int From, int To, string? Text, string? Replacement, int Revises);

/// <summary>The answer to the editor (its wire shape): the suggestion's id, or the service's refusal already in the user's language (<see cref="RefusalText"/>).</summary>
public sealed record TypedSuggestionResult(int Id, string? Error);

// Suggesting mode: the editor turns a writer's typing into a suggestion and hands it here; the
// review service checks who may suggest (with the person's current memberships) and stores it on
// the section's writer loop, which shows it live to everyone.
public sealed partial class SectionEditor
{
    [Inject]
    private ReviewService Review { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private RefusalText Refused { get; set; } = default!;

    private int? _onBehalfOf;

    /// <summary>New typed suggestions are entered for <paramref name="personId"/> (null: the writer's own).</summary>
    public void ProposeOnBehalfOf(int? personId) => _onBehalfOf = personId;

    [JSInvokable]
    public async Task<TypedSuggestionResult> SuggestTyped(TypedSuggestion typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var actor = await Actors.GetAsync();
        if (actor is null)
        {
            return new TypedSuggestionResult(0, Refused[Refusals.Review.Forbidden]);
        }
        var selection = new SelectionAt(typed.Version, typed.From, typed.To, typed.Text ?? string.Empty);
        var result = typed.Revises > 0
            ? await Review.ReviseAsync(actor, typed.Revises, selection, typed.Replacement)
            : await Review.SuggestAsync(actor, SectionId, selection, typed.Replacement, reason: null, _onBehalfOf);
        return result.Refusal is { } refusal ? new TypedSuggestionResult(0, Refused[refusal]) : new TypedSuggestionResult(result.Value, null);
    }
}
