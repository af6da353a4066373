using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Consultation;

/// <summary>
/// PDF text read in a real child process of the App (ADR-017): Korean text comes back; a deflate
/// bomb meets the child's heap limit while this process allocates nothing like it; a child past its
/// time is killed with its tree; garbage and truncated files end as notes, never as exceptions.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PdfTextExtractorTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private static PdfTextExtractor Extractor(ConsultationOptions? options = null) =>
        new(Options.Create(options ?? new ConsultationOptions()), NullLogger<PdfTextExtractor>.Instance);

    [EndToEndFact]
    public async Task AKoreanPdfPrintedByChromiumGivesItsTextFromTheChildProcess()
    {
        var pdf = await PdfFiles.PrintedAsync("양자내성암호 전환 로드맵을 2027년까지 마련해 주십시오.", "Second paragraph in English.");
        using var extractor = Extractor();

        var result = await extractor.ExtractAsync(pdf, 10_000, Timeout);

        Assert.Null(result.Problem);
        Assert.Contains("양자내성암호 전환 로드맵", result.Text, StringComparison.Ordinal);
        Assert.Contains("Second paragraph", result.Text, StringComparison.Ordinal);
        // The cap on characters holds whatever the file holds.
        var cut = await extractor.ExtractAsync(pdf, 5, Timeout);
        Assert.Equal("양자내성암", cut.Text);
    }

    [Fact]
    public async Task APdfWrittenByHandGivesItsText()
    {
        using var extractor = Extractor();
        var result = await extractor.ExtractAsync(PdfFiles.Simple("Quantum-safe migration roadmap"), 1000, Timeout);
        Assert.Equal((null, "Quantum-safe migration roadmap"), (result.Problem, result.Text));
    }

    [Fact]
    public async Task ADeflateBombMeetsTheChildsHeapLimitWhileThisProcessAllocatesNothingLikeIt()
    {
        var bomb = PdfFiles.DeflateBomb();
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb is {bomb.Length} bytes on disk");
        using var extractor = Extractor(new ConsultationOptions { PdfMemoryLimitMb = 128 });
        var allocatedBefore = GC.GetTotalAllocatedBytes();

        var result = await extractor.ExtractAsync(bomb, 10_000, Timeout);

        // TooLarge is only ever reported by a child that met its heap limit: without the limit the
        // same file inflates to a gigabyte (2.6 GB resident, 22 s, measured) and reads as empty.
        Assert.Equal((AttachmentTextProblem.TooLarge, string.Empty), (result.Problem, result.Text));
        // Read here, the gigabyte would have been allocated here (and more, as the buffer doubles);
        // other tests may run meanwhile, so the bound is the bomb's size, not zero.
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        Assert.True(allocated < 1024L * 1024 * 1024, $"this process allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task AChildPastItsTimeIsKilledWithItsProcessTree()
    {
        using var extractor = Extractor(new ConsultationOptions { PdfMemoryLimitMb = 2048, PdfTimeout = TimeSpan.FromMilliseconds(250) });

        var result = await extractor.ExtractAsync(PdfFiles.DeflateBomb(), 10_000, Timeout);

        Assert.Equal((AttachmentTextProblem.TimedOut, string.Empty), (result.Problem, result.Text));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ChildrenReadingPdfs().Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Timeout);
        }
        Assert.Empty(ChildrenReadingPdfs());
    }

    [Fact]
    public async Task GarbageAndTruncatedPdfsEndAsUnreadableNotes()
    {
        using var extractor = Extractor();
        var whole = PdfFiles.Simple("Text that is cut away");

        var garbage = await extractor.ExtractAsync(PdfFiles.Garbage(), 1000, Timeout);
        var noObjectAtAll = await extractor.ExtractAsync([.. "%PDF-1.7\n"u8, .. new byte[3000]], 1000, Timeout);
        var truncated = await extractor.ExtractAsync(whole[..(whole.Length / 3)], 1000, Timeout);

        Assert.Equal(AttachmentTextProblem.Unreadable, garbage.Problem);
        Assert.Equal(AttachmentTextProblem.Unreadable, noObjectAtAll.Problem);
        Assert.NotNull(truncated.Problem);
        Assert.All(new[] { garbage, noObjectAtAll, truncated }, r => Assert.Equal(string.Empty, r.Text));
    }

    [Fact]
    public async Task APasswordLockedPdfIsNotedAsEncrypted()
    {
        using var extractor = Extractor();
        var result = await extractor.ExtractAsync(PdfFiles.Locked(), 1000, Timeout);
        Assert.Equal((AttachmentTextProblem.Encrypted, string.Empty), (result.Problem, result.Text));
    }

    [Fact]
    public async Task APdfWhoseTurnDoesNotComeInTimeIsLeftUnreadAsBusy()
    {
        using var extractor = Extractor(new ConsultationOptions { PdfExtractions = 1, PdfQueueWait = TimeSpan.FromMilliseconds(200) });
        var slow = extractor.ExtractAsync(PdfFiles.DeflateBomb(), 1000, Timeout);

        var waiting = await extractor.ExtractAsync(PdfFiles.Simple("waits its turn"), 1000, Timeout);

        Assert.Equal(AttachmentTextProblem.Busy, waiting.Problem);
        Assert.Equal(AttachmentTextProblem.TooLarge, (await slow).Problem);
        // Once the slot is free again the same file is read.
        Assert.Equal("waits its turn", (await extractor.ExtractAsync(PdfFiles.Simple("waits its turn"), 1000, Timeout)).Text);
    }

    /// <summary>Live children of this process running the hidden command (a reaped or zombie child has no command line).</summary>
    private static List<int> ChildrenReadingPdfs()
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == Environment.ProcessId
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(PdfTextCommand.Name, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }
}
