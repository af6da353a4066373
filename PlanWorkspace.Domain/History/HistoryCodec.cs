using System.IO.Compression;
using System.Text;

namespace PlanWorkspace.Domain.History;

/// <summary>
/// The compact binary forms of the history (ADR-007): a block of consecutive ops stored
/// column-wise (authors, time deltas, clients, positions, lengths, then all inserted text) as
/// variable-length integers and compressed with Brotli; and a keyframe, the full text of a version
/// with its authorship runs, compressed the same way. Pure functions: bytes in, values out.
/// </summary>
public static class HistoryCodec
{
    private const byte BlockFormat = 1;
    private const byte KeyframeFormat = 1;
    private static readonly UTF8Encoding Utf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Encodes consecutive ops (versions must follow one another).</summary>
    /// <exception cref="ArgumentException">The ops are empty or their versions are not consecutive.</exception>
    public static byte[] EncodeBlock(IReadOnlyList<HistoryOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        if (ops.Count == 0)
        {
            throw new ArgumentException("A block holds at least one op.", nameof(ops));
        }
        var clients = new Dictionary<string, int>(StringComparer.Ordinal);
        var (authors, times, clientIndexes, counts, positions, deletes, inserts) = (new Writer(), new Writer(), new Writer(), new Writer(), new Writer(), new Writer(), new Writer());
        var text = new StringBuilder();
        long previousTime = 0;
        var cursor = 0;
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            if (op.Version != ops[0].Version + i)
            {
                throw new ArgumentException($"Op versions must be consecutive; {op.Version} follows {ops[i - 1].Version}.", nameof(ops));
            }
            authors.Write(op.AuthorId);
            times.WriteSigned(op.Timestamp - previousTime);
            previousTime = op.Timestamp;
            if (!clients.TryGetValue(op.ClientId, out var clientIndex))
            {
                clientIndex = clients.Count;
                clients.Add(op.ClientId, clientIndex);
            }
            clientIndexes.Write(clientIndex);
            counts.Write(op.Changes.Count);
            var previousTo = -1;
            var shift = 0;
            foreach (var change in op.Changes)
            {
                // Typing continues where the last op ended: the first position is coded relative to that.
                if (previousTo < 0)
                {
                    positions.WriteSigned(change.From - cursor);
                }
                else
                {
                    positions.Write(change.From - previousTo);
                }
                deletes.Write(change.To - change.From);
                inserts.Write(change.Insert.Length);
                text.Append(change.Insert);
                previousTo = change.To;
                cursor = change.From + shift + change.Insert.Length;
                shift += change.Insert.Length - (change.To - change.From);
            }
        }

        var body = new Writer();
        body.WriteByte(BlockFormat);
        body.Write(ops.Count);
        body.Write(ops[0].Version);
        body.Write(clients.Count);
        foreach (var client in clients.Keys)
        {
            body.WriteString(client);
        }
        foreach (var column in new[] { authors, times, clientIndexes, counts, positions, deletes, inserts })
        {
            body.WriteColumn(column);
        }
        body.WriteString(text.ToString());
        return Compress(body.ToArray());
    }

    /// <summary>Decodes a block written by <see cref="EncodeBlock"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a block.</exception>
    public static List<HistoryOp> DecodeBlock(byte[] data)
    {
        var body = new Reader(Decompress(data));
        if (body.ReadByte() != BlockFormat)
        {
            throw new InvalidDataException("Unknown history block format.");
        }
        var count = body.Read();
        var firstVersion = body.Read();
        var clients = new string[body.Read()];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = body.ReadString();
        }
        var (authors, times, clientIndexes, counts, positions, deletes, inserts) =
            (body.ReadColumn(), body.ReadColumn(), body.ReadColumn(), body.ReadColumn(), body.ReadColumn(), body.ReadColumn(), body.ReadColumn());
        var text = body.ReadString();
        var textAt = 0;
        var ops = new List<HistoryOp>(count);
        long time = 0;
        var cursor = 0;
        for (var i = 0; i < count; i++)
        {
            var author = authors.Read();
            time += times.ReadSigned();
            var client = clients[clientIndexes.Read()];
            var changeCount = counts.Read();
            var changes = new OpChange[changeCount];
            var previousTo = -1;
            var shift = 0;
            for (var c = 0; c < changeCount; c++)
            {
                var from = previousTo < 0 ? cursor + (int)positions.ReadSigned() : previousTo + positions.Read();
                var to = from + deletes.Read();
                var length = inserts.Read();
                var insert = length == 0 ? string.Empty : text.Substring(textAt, length);
                textAt += length;
                changes[c] = new OpChange(from, to, insert);
                previousTo = to;
                cursor = from + shift + length;
                shift += length - (to - from);
            }
            ops.Add(new HistoryOp(firstVersion + i, author, time, client, changes));
        }
        return ops;
    }

    /// <summary>Encodes the text of a version with who wrote each run of it.</summary>
    /// <exception cref="ArgumentException">The authorship does not cover exactly the text.</exception>
    public static byte[] EncodeKeyframe(string text, AuthorshipMap authorship)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(authorship);
        if (authorship.Length != text.Length)
        {
            throw new ArgumentException($"The authorship covers {authorship.Length} units, the text has {text.Length}.", nameof(authorship));
        }
        var body = new Writer();
        body.WriteByte(KeyframeFormat);
        body.WriteString(text);
        body.Write(authorship.Runs.Count);
        foreach (var (length, personId) in authorship.Runs)
        {
            body.Write(length);
            body.Write(personId);
        }
        return Compress(body.ToArray());
    }

    /// <summary>Decodes a keyframe written by <see cref="EncodeKeyframe"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a keyframe.</exception>
    public static (string Text, AuthorshipMap Authorship) DecodeKeyframe(byte[] data)
    {
        var body = new Reader(Decompress(data));
        if (body.ReadByte() != KeyframeFormat)
        {
            throw new InvalidDataException("Unknown keyframe format.");
        }
        var text = body.ReadString();
        var runs = new (int, int)[body.Read()];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = (body.Read(), body.Read());
        }
        return (text, new AuthorshipMap(runs));
    }

    private static byte[] Compress(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, new BrotliCompressionOptions { Quality = 11 }))
        {
            brotli.Write(raw);
        }
        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            using var input = new MemoryStream(data);
            using var brotli = new BrotliStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(data.Length * 4);
            brotli.CopyTo(output);
            return output.ToArray();
        }
        catch (IOException e)
        {
            throw new InvalidDataException("The history data is damaged.", e);
        }
    }

    private sealed class Writer
    {
        private readonly MemoryStream _stream = new();

        public void WriteByte(byte value) => _stream.WriteByte(value);

        public void Write(long value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            WriteRaw((ulong)value);
        }

        // Zigzag: small negative and positive numbers both take one byte.
        public void WriteSigned(long value) => WriteRaw((ulong)((value << 1) ^ (value >> 63)));

        private void WriteRaw(ulong v)
        {
            while (v >= 0x80)
            {
                _stream.WriteByte((byte)(v | 0x80));
                v >>= 7;
            }
            _stream.WriteByte((byte)v);
        }

        public void WriteString(string value)
        {
            var bytes = Utf8.GetBytes(value);
            Write(bytes.Length);
            _stream.Write(bytes);
        }

        public void WriteColumn(Writer column)
        {
            Write(column._stream.Length);
            column._stream.Position = 0;
            column._stream.CopyTo(_stream);
        }

        public byte[] ToArray() => _stream.ToArray();
    }

    private sealed class Reader(byte[] data)
    {
        private int _at;
        private readonly int _end = data.Length;

        private Reader(byte[] data, int at, int end) : this(data) => (_at, _end) = (at, end);

        public byte ReadByte() => _at < _end ? data[_at++] : throw new InvalidDataException("The history data ends early.");

        public int Read() => checked((int)ReadRaw());

        public long ReadSigned()
        {
            var v = ReadRaw();
            return (long)(v >> 1) ^ -(long)(v & 1);
        }

        public string ReadString()
        {
            var length = Read();
            if (length > _end - _at)
            {
                throw new InvalidDataException("The history data ends early.");
            }
            var value = Utf8.GetString(data, _at, length);
            _at += length;
            return value;
        }

        public Reader ReadColumn()
        {
            var length = Read();
            if (length > _end - _at)
            {
                throw new InvalidDataException("The history data ends early.");
            }
            var column = new Reader(data, _at, _at + length);
            _at += length;
            return column;
        }

        private ulong ReadRaw()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = ReadByte();
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
            throw new InvalidDataException("A number in the history data is too long.");
        }
    }
}
