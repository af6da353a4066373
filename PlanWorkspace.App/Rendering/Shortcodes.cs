using System.Text.RegularExpressions;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Syntax.Inlines;
using Markdig.Syntax;
using Markdig;

namespace PlanWorkspace.App.Rendering;

/// <summary>
/// A reference to structured plan data inside prose: <c>{{target:manufacturing-2030}}</c> or
/// <c>{{initiatives}}</c>. Parsing never fails: whatever stands between the braces is kept and
/// resolved (or reported as unknown) when rendering.
/// </summary>
public readonly record struct Shortcode(string Name, string Argument)
{
    public const string TargetName = "target";
    public const string InitiativesName = "initiatives";

    /// <summary>Splits "name:argument" (the argument may be empty); the name is lower-cased and trimmed.</summary>
    public static Shortcode Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var colon = content.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new(content.Trim().ToLowerInvariant(), string.Empty)
            : new(content[..colon].Trim().ToLowerInvariant(), content[(colon + 1)..].Trim());
    }

    /// <summary>How the shortcode was written, for warnings.</summary>
    public override string ToString() => Argument.Length == 0 ? $"{{{{{Name}}}}}" : $"{{{{{Name}:{Argument}}}}}";
}

/// <summary>A shortcode standing alone on its line: rendered as a card or a table.</summary>
public sealed class ShortcodeBlock(BlockParser parser, Shortcode shortcode) : LeafBlock(parser)
{
    public Shortcode Shortcode { get; } = shortcode;
}

/// <summary>A shortcode inside a sentence: rendered as a short inline summary.</summary>
public sealed class ShortcodeInline(Shortcode shortcode) : LeafInline
{
    public Shortcode Shortcode { get; } = shortcode;
}

/// <summary>Adds the shortcode parsers to a pipeline. Rendering needs plan data, so renderers are added per render (<see cref="PlanHtmlRenderer"/>).</summary>
public sealed class ShortcodeExtension : IMarkdownExtension
{
    /// <summary>At most this many characters between the braces; longer runs stay plain text.</summary>
    public const int MaxLength = 200;

    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.BlockParsers.Contains<ShortcodeBlockParser>())
        {
            pipeline.BlockParsers.Insert(0, new ShortcodeBlockParser());
        }
        if (!pipeline.InlineParsers.Contains<ShortcodeInlineParser>())
        {
            pipeline.InlineParsers.Insert(0, new ShortcodeInlineParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }
}

internal sealed partial class ShortcodeBlockParser : BlockParser
{
    public ShortcodeBlockParser() => OpeningCharacters = ['{'];

    [GeneratedRegex(@"^\{\{([^{}\r\n]{0,200})\}\}\s*$")]
    private static partial Regex WholeLine();

    public override bool CanInterrupt(BlockProcessor processor, Block block) => true;

    public override BlockState TryOpen(BlockProcessor processor)
    {
        if (processor.IsCodeIndent)
        {
            return BlockState.None;
        }
        var match = WholeLine().Match(processor.Line.ToString());
        if (!match.Success)
        {
            return BlockState.None;
        }
        processor.NewBlocks.Push(new ShortcodeBlock(this, Shortcode.Parse(match.Groups[1].Value))
        {
            Line = processor.LineIndex,
            Column = processor.Column,
            Span = new SourceSpan(processor.Start, processor.Line.End),
        });
        return BlockState.BreakDiscard;
    }
}

internal sealed class ShortcodeInlineParser : InlineParser
{
    public ShortcodeInlineParser() => OpeningCharacters = ['{'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        if (slice.PeekChar() != '{')
        {
            return false;
        }
        var text = slice.Text;
        var start = slice.Start + 2;
        var limit = Math.Min(slice.End, start + ShortcodeExtension.MaxLength + 1);
        for (var i = start; i < limit; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n' or '{')
            {
                return false;
            }
            if (c == '}' && i + 1 <= slice.End && text[i + 1] == '}')
            {
                var startPosition = slice.Start;
                processor.Inline = new ShortcodeInline(Shortcode.Parse(text[start..i]))
                {
                    Span = new SourceSpan(processor.GetSourcePosition(startPosition, out var line, out var column), processor.GetSourcePosition(i + 1)),
                    Line = line,
                    Column = column,
                };
                slice.Start = i + 2;
                return true;
            }
        }
        return false;
    }
}
