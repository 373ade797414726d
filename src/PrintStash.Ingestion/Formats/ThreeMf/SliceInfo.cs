namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>What <c>Metadata/slice_info.config</c> (Bambu Studio, Orca Slicer) says about the sliced plates.</summary>
internal sealed record SliceInfo(IReadOnlyDictionary<string, string> Header, IReadOnlyList<SlicedPlate> Plates);

/// <summary>One <c>&lt;plate&gt;</c>: its metadata (prediction, weight, printer_model_id, nozzle_diameters…), objects and filaments.</summary>
internal sealed record SlicedPlate(IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<string> ObjectNames, IReadOnlyList<SlicedFilament> Filaments);

/// <summary>One <c>&lt;filament&gt;</c> of a plate.</summary>
internal sealed record SlicedFilament(string? Id, string? Type, string? Color, double? UsedMetres, double? UsedGrams);
