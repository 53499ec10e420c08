namespace WakeDock.Functions.Http;

/// <summary>Container ids and names as Docker writes them: <c>[A-Za-z0-9][A-Za-z0-9_.-]*</c>, at most 128 characters.</summary>
public static class ContainerIds
{
    public static string Check(string id)
        => id.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? id
            : throw ApiProblem.Invalid("id", "A container id or name holds letters, digits, '_', '.' and '-' only (at most 128 characters).");

    public static ApiProblemException Unknown(string id) => ApiProblem.NotFound("id", $"No container '{id}' is known: none with that id or name sent a sample within the hot window (or its engine does not know it).");
}
