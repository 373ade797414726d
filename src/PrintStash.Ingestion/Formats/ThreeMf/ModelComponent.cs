namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>A reference to an object, in the same part or (production extension <c>p:path</c>) in another part.</summary>
/// <param name="ObjectId">The referenced object's id.</param>
/// <param name="Part">The entry name of the part holding it, or null for the referring part.</param>
/// <param name="Transform">Placement of the referenced object.</param>
internal readonly record struct ModelComponent(int ObjectId, string? Part, AffineTransform Transform);
