using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Vault;

/// <summary>The shared test corpus (real slicer and CAD output) next to the repository: <c>&lt;repo&gt;/../shared/corpus/files</c>.</summary>
internal static class Corpus
{
    public static string PathOf(string name) => CorpusLocation.File(name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));
}

/// <summary>Multipart uploads to POST /api/v1/files, built by hand so file names reach the server exactly as written.</summary>
internal static class Uploads
{
    public const string Path = "/api/v1/files";

    public static ByteArrayContent Multipart(params (string FileName, byte[] Content)[] files)
    {
        var boundary = "----printstash-test-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        foreach (var (fileName, content) in files)
        {
            var header = new StringBuilder()
                .Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Disposition: form-data; name=\"file\"; filename=\"").Append(AsciiFallback(fileName)).Append('"')
                .Append("; filename*=UTF-8''").Append(Uri.EscapeDataString(fileName)).Append("\r\n")
                .Append("Content-Type: application/octet-stream\r\n\r\n");
            body.Write(Encoding.UTF8.GetBytes(header.ToString()));
            body.Write(content);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        var result = new ByteArrayContent(body.ToArray());
        result.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return result;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string query, params (string FileName, byte[] Content)[] files)
    {
        using var content = Multipart(files);
        return await client.PostAsync(Path + query, content);
    }

    /// <summary>Uploads corpus files and returns the single result (asserting the status).</summary>
    public static async Task<IngestResultResponse> CorpusFileAsync(HttpClient client, string name, string query = "", HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await SendAsync(client, query, (name, Corpus.Bytes(name)));
        var upload = await HttpAssert.JsonAsync<UploadResponse>(response, expected);
        return Assert.Single(upload.Results);
    }

    public static async Task<FileResponse> FileAsync(HttpClient client, Guid fileId) =>
        await HttpAssert.JsonAsync<FileResponse>(await client.GetAsync($"/api/v1/files/{fileId}"));

    public static async Task<ModelResponse> ModelAsync(HttpClient client, Guid modelId) =>
        await HttpAssert.JsonAsync<ModelResponse>(await client.GetAsync($"/api/v1/models/{modelId}"));

    /// <summary>Polls the file until its thumbnail and metadata steps are no longer pending.</summary>
    public static async Task<FileResponse> ProcessedAsync(HttpClient client, Guid fileId, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var file = await FileAsync(client, fileId);
            if (file.ThumbnailState != "Pending" && file.MetadataState != "Pending")
            {
                return file;
            }

            Assert.True(clock.Elapsed < limit, $"File {fileId} was still being processed after the timeout: {file.ThumbnailState}/{file.MetadataState}.");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    public static async Task<List<ModelCardResponse>> AllModelsAsync(HttpClient client, string query, int take)
    {
        var all = new List<ModelCardResponse>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var parameters = new List<string> { $"take={take}" };
            if (query.Length > 0)
            {
                parameters.Add(query);
            }

            if (cursor is not null)
            {
                parameters.Add("cursor=" + Uri.EscapeDataString(cursor));
            }

            var url = "/api/v1/models?" + string.Join('&', parameters);
            var page = await client.GetFromJsonAsync<ModelListResponse>(url);
            Assert.NotNull(page);
            Assert.True(page.Items.Count <= take, $"A page held {page.Items.Count} items, more than take={take}.");
            all.AddRange(page.Items);
            cursor = page.NextCursor;
            Assert.True(++pages < 1000, "Paging did not end.");
        }
        while (cursor is not null);

        return all;
    }

    private static string AsciiFallback(string name) =>
        new(name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray());
}
