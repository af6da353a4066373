namespace PlanWorkspace.App.Consultation.Mail;

/// <summary>
/// Splits an mbox archive into its messages while reading it as a stream: a message starts at a
/// line beginning with "From " at the start of the file or after an empty line. Only one message is
/// in memory at a time, so a 60 MB archive costs the size of its largest message.
/// </summary>
/// <remarks>
/// MimeKit's own mbox mode (<c>MimeParser</c> with <c>MimeFormat.Mbox</c>) cannot resume after a
/// message it fails to parse; splitting here and parsing each message on its own keeps one broken
/// message from stopping the rest (ADR-009).
/// </remarks>
public static class MboxReader
{
    /// <summary>The largest message kept; a larger one is skipped and reported as too large.</summary>
    public const int MaxMessageBytes = 100 * 1024 * 1024;

    /// <summary>A message's bytes (without its "From " line), or null when it was larger than <see cref="MaxMessageBytes"/>.</summary>
    public static IEnumerable<byte[]?> Messages(Stream stream, byte[]? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var current = new MemoryStream();
        var inMessage = false;
        var tooLarge = false;
        var previousBlank = true;
        foreach (var line in Lines(stream, prefix ?? []))
        {
            if (previousBlank && line.AsSpan().StartsWith("From "u8))
            {
                if (inMessage)
                {
                    yield return tooLarge ? null : TrimEnd(current);
                }
                current = new MemoryStream();
                inMessage = true;
                tooLarge = false;
                previousBlank = false;
                continue;
            }
            previousBlank = line.Length == 0 || (line.Length == 1 && line[0] == '\r');
            if (!inMessage || tooLarge)
            {
                continue;
            }
            if (current.Length + line.Length + 1 > MaxMessageBytes)
            {
                tooLarge = true;
                current = new MemoryStream();
                continue;
            }
            current.Write(line);
            current.WriteByte((byte)'\n');
        }
        if (inMessage)
        {
            yield return tooLarge ? null : TrimEnd(current);
        }
    }

    /// <summary>The lines of the stream without their '\n' (a '\r' before it is kept).</summary>
    private static IEnumerable<byte[]> Lines(Stream stream, byte[] prefix)
    {
        var buffer = new byte[Math.Max(1 << 16, prefix.Length)];
        var line = new MemoryStream();
        prefix.CopyTo(buffer, 0);
        var read = prefix.Length;
        while (read > 0 || (read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    line.Write(buffer, start, i - start);
                    yield return line.ToArray();
                    line.SetLength(0);
                    start = i + 1;
                }
            }
            // A line longer than a message may be cannot grow without bound.
            if (line.Length + (read - start) > MaxMessageBytes)
            {
                line.SetLength(0);
            }
            else
            {
                line.Write(buffer, start, read - start);
            }
            read = 0;
        }
        if (line.Length > 0)
        {
            yield return line.ToArray();
        }
    }

    /// <summary>The message without the blank line that separates it from the next "From " line.</summary>
    private static byte[] TrimEnd(MemoryStream message)
    {
        var bytes = message.GetBuffer();
        var length = (int)message.Length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r'))
        {
            length--;
        }
        return bytes.AsSpan(0, length).ToArray();
    }
}
