using System.Globalization;
using System.Text;

namespace PrintStash.Ingestion.Formats.Step;

/// <summary>
/// A forward-only reader of ISO 10303-21 parameter lists: strings (with <c>''</c>, <c>\X\</c>, <c>\X2\</c>, <c>\X4\</c>,
/// <c>\S\</c> escapes) become <see cref="string"/>, lists become <see cref="List{T}"/>, everything else <c>null</c>.
/// Nesting and string length are bounded.
/// </summary>
internal sealed class StepCursor(string text, int position, int end)
{
    private const int MaxDepth = 32;
    private const int MaxStringChars = 4096;

    private int _position = position;

    public bool Failed { get; private set; }

    /// <summary>Reads <c>NAME(args);</c>. False at the end of the range or on malformed input (<see cref="Failed"/>).</summary>
    public bool TryReadEntity(out string name, out List<object?> arguments)
    {
        name = string.Empty;
        arguments = [];
        SkipSpace();
        if (_position >= end)
        {
            return false;
        }

        var start = _position;
        while (_position < end && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_'))
        {
            _position++;
        }

        name = text[start.._position];
        if (name.Length == 0 || !TryReadArguments(out arguments))
        {
            Failed = true;
            return false;
        }

        SkipSpace();
        if (_position < end && text[_position] == ';')
        {
            _position++;
        }

        return true;
    }

    /// <summary>Reads a parenthesised parameter list at the cursor.</summary>
    public bool TryReadArguments(out List<object?> arguments)
    {
        arguments = [];
        SkipSpace();
        if (_position >= end || text[_position] != '(')
        {
            return false;
        }

        return TryReadList(arguments, 0);
    }

    private bool TryReadList(List<object?> items, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        _position++; // '('
        while (true)
        {
            SkipSpace();
            if (_position >= end)
            {
                return false;
            }

            var c = text[_position];
            if (c == ')')
            {
                _position++;
                return true;
            }

            if (c == ',')
            {
                _position++;
                continue;
            }

            if (c == '(')
            {
                var nested = new List<object?>();
                if (!TryReadList(nested, depth + 1))
                {
                    return false;
                }

                items.Add(nested);
            }
            else if (c == '\'')
            {
                if (!TryReadString(out var value))
                {
                    return false;
                }

                items.Add(value);
            }
            else
            {
                SkipBareValue(depth);
                items.Add(null);
            }
        }
    }

    private void SkipBareValue(int depth)
    {
        // Numbers, $, *, .ENUM., #ref, or TYPED_VALUE(...).
        while (_position < end && text[_position] is not (',' or ')' or '(' or '\''))
        {
            _position++;
        }

        if (_position < end && text[_position] == '(')
        {
            TryReadList([], depth + 1);
        }
    }

    private bool TryReadString(out string value)
    {
        var builder = new StringBuilder();
        _position++; // opening quote
        while (_position < end)
        {
            var c = text[_position];
            if (c == '\'')
            {
                if (_position + 1 < end && text[_position + 1] == '\'')
                {
                    Append(builder, '\'');
                    _position += 2;
                    continue;
                }

                _position++;
                value = builder.ToString();
                return true;
            }

            if (c == '\\' && TryReadEscape(builder))
            {
                continue;
            }

            if (c is not ('\r' or '\n'))
            {
                Append(builder, c);
            }

            _position++;
        }

        value = string.Empty;
        return false;
    }

    private bool TryReadEscape(StringBuilder builder)
    {
        var rest = text.AsSpan(_position, end - _position);
        if (rest.StartsWith("\\\\"))
        {
            Append(builder, '\\');
            _position += 2;
            return true;
        }

        if (rest.StartsWith("\\X2\\") || rest.StartsWith("\\X4\\"))
        {
            var digits = rest[2] == '2' ? 4 : 8;
            var close = rest.IndexOf("\\X0\\");
            if (close < 0)
            {
                return false;
            }

            var hex = rest[4..close];
            for (var i = 0; i + digits <= hex.Length; i += digits)
            {
                if (int.TryParse(hex.Slice(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                    && code is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
                {
                    foreach (var ch in char.ConvertFromUtf32(code))
                    {
                        Append(builder, ch);
                    }
                }
            }

            _position += close + 4;
            return true;
        }

        if (rest.Length >= 5 && rest.StartsWith("\\X\\")
            && byte.TryParse(rest.Slice(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var latin1))
        {
            Append(builder, (char)latin1);
            _position += 5;
            return true;
        }

        if (rest.Length >= 4 && rest.StartsWith("\\S\\"))
        {
            Append(builder, (char)(rest[3] + 128));
            _position += 4;
            return true;
        }

        if (rest.Length >= 4 && rest[1] == 'P' && rest[3] == '\\')
        {
            _position += 4; // code page switch: ignored
            return true;
        }

        return false;
    }

    private static void Append(StringBuilder builder, char c)
    {
        if (builder.Length < MaxStringChars)
        {
            builder.Append(c);
        }
    }

    private void SkipSpace()
    {
        while (_position < end)
        {
            if (char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
            else if (_position + 1 < end && text[_position] == '/' && text[_position + 1] == '*')
            {
                var close = text.IndexOf("*/", _position + 2, end - _position - 2, StringComparison.Ordinal);
                _position = close < 0 ? end : close + 2;
            }
            else
            {
                return;
            }
        }
    }
}
