using System.Text.Json.Serialization;

namespace PrintStash.Web.Api.Contracts;

/// <summary>OctoPrint's GET /api/version: slicers need "api" and a "text" starting with "OctoPrint".</summary>
internal sealed record OctoPrintVersion(
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("text")] string Text);

internal sealed record OctoPrintRefs(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("download")] string Download);

internal sealed record OctoPrintFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("refs")] OctoPrintRefs Refs);

internal sealed record OctoPrintFiles([property: JsonPropertyName("local")] OctoPrintFile Local);

/// <summary>OctoPrint's (pre-2.0) upload answer, plus the PrintStash message and model for clients that read it.</summary>
internal sealed record OctoPrintUploadResponse(
    [property: JsonPropertyName("files")] OctoPrintFiles Files,
    [property: JsonPropertyName("done")] bool Done,
    [property: JsonPropertyName("effectiveSelect")] bool EffectiveSelect,
    [property: JsonPropertyName("effectivePrint")] bool EffectivePrint,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("modelId")] Guid? ModelId);

/// <summary>OctoPrint's error shape; slicers show the body verbatim, so it stays one short sentence.</summary>
internal sealed record OctoPrintError([property: JsonPropertyName("error")] string Error);

internal sealed record OctoPrintFeatureSettings([property: JsonPropertyName("sdSupport")] bool SdSupport);

internal sealed record OctoPrintWebcamSettings([property: JsonPropertyName("webcamEnabled")] bool WebcamEnabled);

internal sealed record OctoPrintSettings(
    [property: JsonPropertyName("feature")] OctoPrintFeatureSettings Feature,
    [property: JsonPropertyName("webcam")] OctoPrintWebcamSettings Webcam);

internal sealed record OctoPrintJobFile([property: JsonPropertyName("name")] string? Name);

internal sealed record OctoPrintProgress([property: JsonPropertyName("completion")] double? Completion);

internal sealed record OctoPrintJob(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("job")] OctoPrintJobFile Job,
    [property: JsonPropertyName("progress")] OctoPrintProgress Progress);
