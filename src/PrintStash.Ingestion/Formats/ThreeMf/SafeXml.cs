using System.Xml;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>XML reader settings for untrusted package parts: no DTD, no external resolution, bounded size.</summary>
internal static class SafeXml
{
    public static XmlReader Create(Stream stream, long maxCharacters) => XmlReader.Create(stream, new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    });
}
