namespace PlanWorkspace.Domain.Text;

/// <summary>
/// A tracked range of the document — the passage a comment or suggestion is attached to, or a
/// cursor when empty. A range keeps exactly its characters through every accepted update: text
/// inserted at either edge stays outside it. A point is mapped with <see cref="Assoc"/>: negative
/// keeps it before text inserted exactly there, positive moves it after (CodeMirror's <c>mapPos</c>).
/// </summary>
/// <param name="Id">Caller-chosen identity (e.g. the comment id).</param>
/// <param name="From">Start, in UTF-16 code units.</param>
/// <param name="To">End, in UTF-16 code units; equal to <paramref name="From"/> for a point.</param>
/// <param name="Assoc">For a point, the side it sticks to; -1 or 1.</param>
public sealed record Anchor(string Id, int From, int To, int Assoc = -1);

/// <summary>An anchor the authority stopped tracking because its text was deleted.</summary>
/// <param name="Anchor">The anchor as it was just before the deleting update.</param>
/// <param name="Version">The version produced by the update that deleted it.</param>
public sealed record DeletedAnchor(Anchor Anchor, int Version);
