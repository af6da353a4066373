namespace PlanWorkspace.App.History;

/// <summary>Checkpoints and compaction of the version history (configuration section "History").</summary>
public sealed class HistoryOptions
{
    /// <summary>A burst of editing closes into a checkpoint after this long without an edit.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Ops per compacted block.</summary>
    public int BlockSize { get; set; } = 2048;

    /// <summary>
    /// A keyframe (compressed full text with authorship) at least every this many versions of the
    /// compacted history: the most ops a rebuild replays from compacted blocks.
    /// </summary>
    public int KeyframeInterval { get; set; } = 32768;

    /// <summary>How often the background compactor looks for work.</summary>
    public TimeSpan CompactionPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest the compactor waits before retrying after failures (the wait doubles from the poll interval).</summary>
    public TimeSpan CompactionMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Checkpoints per timeline page.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>The most characters per side a diff compares; longer versions are offered as downloads instead.</summary>
    public int MaxDiffCharacters { get; set; } = DiffLimits.Default.MaxCharacters;

    /// <summary>The most lines per side a diff compares.</summary>
    public int MaxDiffLines { get; set; } = DiffLimits.Default.MaxLines;

    /// <summary>The word-diff budget (see <see cref="DiffLimits.MaxWordWork"/>).</summary>
    public long MaxDiffWordWork { get; set; } = DiffLimits.Default.MaxWordWork;

    public DiffLimits DiffLimits => new(MaxDiffCharacters, MaxDiffLines, MaxDiffWordWork);
}
