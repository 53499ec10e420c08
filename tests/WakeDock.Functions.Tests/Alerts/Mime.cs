using System.Text;
using System.Text.RegularExpressions;

namespace WakeDock.Functions.Tests.Alerts;

/// <summary>Just enough MIME to read what the SMTP listener received: unfolded headers with RFC 2047 words decoded, a quoted-printable or base64 body.</summary>
internal static partial class Mime
{
    public static (Dictionary<string, string> Headers, string Body) Parse(string message)
    {
        var text = message.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = UnfoldRegex().Replace(text[..split], " ").Split('\n')
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => EncodedWordRegex().Replace(p[1].Trim(), m => Word(m)), StringComparer.OrdinalIgnoreCase);
        var raw = text[(split + 2)..].Replace("\n", "\r\n", StringComparison.Ordinal);
        var body = headers.GetValueOrDefault("Content-Transfer-Encoding") switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(raw.Replace("\r\n", "", StringComparison.Ordinal))),
            "quoted-printable" => QuotedPrintable(raw),
            _ => raw,
        };
        return (headers, body);
    }

    private static string Word(Match m)
    {
        var bytes = m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? Convert.FromBase64String(m.Groups[3].Value)
            : Encoding.ASCII.GetBytes(QuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));
        return Encoding.UTF8.GetString(bytes);
    }

    private static string QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        var soft = text.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < soft.Length; i++)
        {
            if (soft[i] == '=' && i + 2 < soft.Length && Uri.IsHexDigit(soft[i + 1]) && Uri.IsHexDigit(soft[i + 2]))
            {
                bytes.Add(Convert.ToByte(soft.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(soft[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    [GeneratedRegex(@"\n[ \t]+")]
    private static partial Regex UnfoldRegex();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWordRegex();
}
