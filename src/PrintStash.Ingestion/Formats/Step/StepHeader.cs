namespace PrintStash.Ingestion.Formats.Step;

/// <summary>What the head of a STEP file says: header values (<c>step.*</c> keys), product names, problems.</summary>
internal sealed record StepHeader(Dictionary<string, string> Values, List<string> ProductNames, List<string> Problems);
