namespace PrintStash.Ingestion.Formats.Step;

/// <summary>Parses the HEADER section of ISO 10303-21 text and the PRODUCT entities found after it.</summary>
internal static class StepHeaderParser
{
    private const int MaxProducts = 100;
    private const int MaxValueChars = 1024;

    private static readonly string[] FileNameFields =
        ["name", "time_stamp", "author", "organization", "preprocessor_version", "originating_system", "authorization"];

    public static StepHeader Parse(string text)
    {
        var values = new Dictionary<string, string>();
        var products = new List<string>();
        var problems = new List<string>();
        var start = SkipWhitespaceAndComments(text, 0);
        if (!text.AsSpan(start).StartsWith("ISO-10303-21", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("The file does not start with ISO-10303-21; it is not a STEP file.");
            return new StepHeader(values, products, problems);
        }

        var header = text.IndexOf("HEADER;", start, StringComparison.OrdinalIgnoreCase);
        var end = header < 0 ? -1 : text.IndexOf("ENDSEC;", header, StringComparison.OrdinalIgnoreCase);
        if (header < 0 || end < 0)
        {
            problems.Add("No complete HEADER section in the first 64 KiB.");
            return new StepHeader(values, products, problems);
        }

        var cursor = new StepCursor(text, header + "HEADER;".Length, end);
        while (cursor.TryReadEntity(out var name, out var arguments))
        {
            Apply(name, arguments, values);
        }

        if (cursor.Failed)
        {
            problems.Add("The HEADER section is malformed; some header values may be missing.");
        }

        ReadProducts(text, end, products);
        return new StepHeader(values, products, problems);
    }

    private static void Apply(string name, List<object?> arguments, Dictionary<string, string> values)
    {
        switch (name.ToUpperInvariant())
        {
            case "FILE_DESCRIPTION":
                Set(values, "step.description", arguments, 0);
                Set(values, "step.implementation_level", arguments, 1);
                break;
            case "FILE_NAME":
                for (var i = 0; i < FileNameFields.Length; i++)
                {
                    Set(values, "step." + FileNameFields[i], arguments, i);
                }

                break;
            case "FILE_SCHEMA":
                Set(values, "step.schema", arguments, 0);
                break;
        }
    }

    private static void Set(Dictionary<string, string> values, string key, List<object?> arguments, int index)
    {
        if (index >= arguments.Count)
        {
            return;
        }

        var text = Flatten(arguments[index]);
        if (text.Length > 0)
        {
            values[key] = text.Length > MaxValueChars ? text[..MaxValueChars] : text;
        }
    }

    private static string Flatten(object? value) => value switch
    {
        string s => s,
        List<object?> list => string.Join("; ", list.Select(Flatten).Where(s => s.Length > 0)),
        _ => string.Empty,
    };

    /// <summary>Instances like <c>#12=PRODUCT('Bracket','Bracket','',(#3));</c> in whatever part of DATA fits in the head.</summary>
    private static void ReadProducts(string text, int from, List<string> products)
    {
        var position = from;
        while (products.Count < MaxProducts)
        {
            var found = text.IndexOf("PRODUCT(", position, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return;
            }

            position = found + "PRODUCT(".Length;
            if (found > 0 && (char.IsLetterOrDigit(text[found - 1]) || text[found - 1] == '_'))
            {
                continue;
            }

            var cursor = new StepCursor(text, found + "PRODUCT".Length, text.Length);
            if (cursor.TryReadArguments(out var arguments) && arguments.Count > 0 && arguments[0] is string name
                && name.Length > 0 && !products.Contains(name))
            {
                products.Add(name.Length > MaxValueChars ? name[..MaxValueChars] : name);
            }
        }
    }

    private static int SkipWhitespaceAndComments(string text, int position)
    {
        while (position < text.Length)
        {
            if (char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            else if (text.AsSpan(position).StartsWith("/*", StringComparison.Ordinal))
            {
                var close = text.IndexOf("*/", position + 2, StringComparison.Ordinal);
                position = close < 0 ? text.Length : close + 2;
            }
            else
            {
                break;
            }
        }

        return position;
    }
}
