using System.Text.Json.Nodes;

namespace WakeDock.Contracts.Tests;

/// <summary>The JSON examples printed in the spec (seeds/001), copied verbatim under SpecExamples/.</summary>
internal static class SpecExample
{
    public static string Text(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SpecExamples", file));

    public static IEnumerable<string> Lines(string file) => Text(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Fails unless every property of <paramref name="expected"/> is in <paramref name="actual"/> with an equal value.</summary>
    public static void AssertContains(JsonNode expected, JsonNode actual, string path = "$")
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (var (name, value) in expectedObject)
                {
                    Assert.True(actualObject.ContainsKey(name), $"{path}.{name} is missing from {actual.ToJsonString()}");
                    AssertContains(value!, actualObject[name]!, $"{path}.{name}");
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.Equal(expectedArray.Count, actualArray.Count);
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertContains(expectedArray[i]!, actualArray[i]!, $"{path}[{i}]");
                }

                break;
            default:
                var expectedValue = expected.AsValue();
                if (expectedValue.TryGetValue<double>(out var number))
                {
                    Assert.True(actual.AsValue().TryGetValue<double>(out var actualNumber), $"{path}: expected a number, got {actual.ToJsonString()}");
                    Assert.Equal(number, actualNumber);
                }
                else
                {
                    Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
                }

                break;
        }
    }
}
