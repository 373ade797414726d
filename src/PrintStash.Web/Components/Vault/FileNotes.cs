namespace PrintStash.Web.Components.Vault;

/// <summary>What <see cref="FileNotesDialog"/> returns when saved.</summary>
public sealed record FileNotes(string? Label, string Notes);
