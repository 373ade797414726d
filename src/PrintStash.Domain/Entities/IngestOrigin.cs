namespace PrintStash.Domain.Entities;

/// <summary>Which entry point a file came through; all of them use the same pipeline.</summary>
public enum IngestOrigin
{
    BrowserUpload = 0,
    Api = 1,
    SlicerHook = 2,
    OctoPrintApi = 3,
    Library = 4,
    Rebuild = 5,
    ServerSlice = 6,
}
