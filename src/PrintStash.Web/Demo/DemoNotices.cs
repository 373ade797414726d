using System.Collections.Immutable;

namespace PrintStash.Web.Demo;

/// <summary>
/// What the demo could not set up, in words for the dashboard ("Bambu demo needs mosquitto …"). Only registered with
/// <c>--demo</c>; components look it up as an optional service.
/// </summary>
public sealed class DemoNotices
{
    private ImmutableList<string> messages = [];

    public IReadOnlyList<string> Messages => messages;

    public void Add(string message) => ImmutableInterlocked.Update(ref messages, list => list.Contains(message) ? list : list.Add(message));
}
