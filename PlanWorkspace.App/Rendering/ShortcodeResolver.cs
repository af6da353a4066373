using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Rendering;

/// <summary>What a shortcode stands for once looked up in the plan data.</summary>
public abstract record ResolvedShortcode;

/// <summary>A target's card.</summary>
public sealed record TargetCard(Target Target, TargetStatus Status) : ResolvedShortcode;

/// <summary>The initiatives of the section's body, in code order.</summary>
public sealed record InitiativeTable(IReadOnlyList<Initiative> Initiatives) : ResolvedShortcode;

/// <summary>A visible warning in place of a reference that cannot be resolved.</summary>
public sealed record ShortcodeWarning(string Message) : ResolvedShortcode;

/// <summary>Looks shortcodes up in <see cref="PlanFacts"/>; an unknown reference becomes a warning, never an exception.</summary>
public static class ShortcodeResolver
{
    public static ResolvedShortcode Resolve(Shortcode shortcode, PlanFacts facts, int bodyId, PlanLabels labels)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(labels);
        switch (shortcode.Name)
        {
            case Shortcode.TargetName:
                var target = Slug.IsValid(shortcode.Argument) ? facts.Target(shortcode.Argument) : null;
                return target is null
                    ? new ShortcodeWarning(labels.UnknownTarget(shortcode.Argument))
                    : new TargetCard(target, target.StatusOn(facts.Today));
            case Shortcode.InitiativesName when shortcode.Argument.Length == 0:
                return new InitiativeTable(facts.InitiativesOf(bodyId).ToList());
            default:
                return new ShortcodeWarning(labels.UnknownShortcode(shortcode.ToString()));
        }
    }
}
