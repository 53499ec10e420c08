using System.Text.Json;
using Microsoft.Playwright;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// Checks run in the page on what is shown: controls without an accessible name, text below the WCAG AA contrast
/// ratio (4.5:1, 3:1 for large text) against its painted background, elements wider than the viewport (cut off), and
/// the Tab order (every stop visible, with a focus outline, in document order).
/// </summary>
internal static class PageAudit
{
    private const string Script = """
        () => {
          const shown = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !el.closest("[hidden]"); };
          const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""}`;
          const name = (el) => {
            if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
            const by = el.getAttribute("aria-labelledby");
            if (by) return by.split(" ").map((i) => document.getElementById(i)?.textContent ?? "").join(" ").trim();
            if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(" ").trim();
            if (el.tagName === "INPUT" || el.tagName === "SELECT") return el.title || "";
            return (el.textContent || el.title || "").trim();
          };
          const unnamed = [...document.querySelectorAll("button, input, select, textarea, a[href], [tabindex='0']")]
            .filter(shown).filter((el) => !name(el)).map(describe);

          const rgb = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
          const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = (el) => {
            for (let e = el; e; e = e.parentElement) {
              const c = rgb(getComputedStyle(e).backgroundColor);
              if ((c[3] ?? 1) > 0.5) return c;
            }
            return rgb(getComputedStyle(document.body).backgroundColor);
          };
          const lowContrast = [];
          const texts = [...document.querySelectorAll("body *")].filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && shown(el));
          for (const el of texts) {
            const s = getComputedStyle(el);
            const fg = rgb(s.color);
            const alpha = (fg[3] ?? 1) * Number(s.opacity);
            if (alpha < 0.5) continue;
            const bg = background(el);
            const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            const ratio = (a + 0.05) / (b + 0.05);
            const size = parseFloat(s.fontSize);
            const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
            if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${describe(el)} ${ratio.toFixed(2)}:1 (${s.color} on rgb(${bg.slice(0, 3).join(",")}))`);
          }

          const width = document.documentElement.clientWidth;
          const clipped = (el) => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) { const o = getComputedStyle(e).overflowX; if (o !== "visible") return true; } return false; };
          const cutOff = [...document.querySelectorAll("body *")].filter(shown)
            .filter((el) => { const r = el.getBoundingClientRect(); return (r.right > width + 1 || r.left < -1) && !clipped(el) && !el.classList.contains("skip"); })
            .map(describe);
          const overflowing = document.documentElement.scrollWidth - width;
          const sideways = [...document.querySelectorAll("body *")].filter(shown)
            .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1).map(describe);
          return { unnamed, lowContrast: lowContrast.slice(0, 20), cutOff: cutOff.slice(0, 20), sideways, overflowing };
        }
        """;

    public sealed record Findings(string[] Unnamed, string[] LowContrast, string[] CutOff, string[] Sideways, int Overflowing);

    public static async Task<Findings> RunAsync(IPage page)
    {
        var found = await page.EvaluateAsync<JsonElement>(Script);
        string[] List(string name) => found.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
        return new Findings(List("unnamed"), List("lowContrast"), List("cutOff"), List("sideways"), found.GetProperty("overflowing").GetInt32());
    }

    /// <summary>Presses Tab up to <paramref name="stops"/> times from the top of the page; each stop's description, whether it was visible with an outline, and whether it followed the previous one in the document.</summary>
    public static async Task<List<(string Element, bool Visible, bool Outlined, bool InOrder)>> TabOrderAsync(IPage page, int stops)
    {
        // Tab goes on from the last element focused or clicked: start from a mark before everything else.
        await page.EvaluateAsync("""
            () => {
              document.activeElement?.blur();
              window.scrollTo(0, 0);
              window.__lastFocus = null;
              const mark = document.createElement("span");
              mark.id = "tab-start";
              mark.tabIndex = -1;
              document.body.prepend(mark);
              mark.focus();
            }
            """);
        var order = new List<(string, bool, bool, bool)>();
        for (var i = 0; i < stops; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var stop = await page.EvaluateAsync<string[]>("""
                () => {
                  const el = document.activeElement;
                  if (!el || el === document.body) return ["body", "false", "false", "true"];
                  const r = el.getBoundingClientRect();
                  const s = getComputedStyle(el);
                  const visible = r.width > 0 && r.height > 0 && s.visibility !== "hidden";
                  const outlined = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
                  const previous = window.__lastFocus;
                  const inOrder = !previous || !document.contains(previous) || !!(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
                  window.__lastFocus = el;
                  return [`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.dataset.containerId ? "[row]" : ""}${el.textContent && el.tagName !== "TR" ? " " + el.textContent.trim().slice(0, 20) : ""}`, String(visible), String(outlined), String(inOrder)];
                }
                """);
            if (stop[0] == "body")
            {
                break;
            }

            order.Add((stop[0], stop[1] == "true", stop[2] == "true", stop[3] == "true"));
        }

        await page.EvaluateAsync("() => document.getElementById('tab-start')?.remove()");
        return order;
    }
}
