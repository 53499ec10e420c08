namespace WakeDock.Pipeline.Predictions;

/// <summary>
/// A baseline that outliers do not drag: the median and the median absolute deviation (MAD). The robust z-score of
/// a value is <c>0.6745·(x − median) / MAD</c> (Iglewicz and Hoaglin), |z| ≥ 3.5 being their outlier mark.
/// </summary>
public sealed record RobustZScore(double Median, double Mad, int Count)
{
    private const double Consistency = 0.6745;

    /// <summary>A floor on the MAD so a perfectly flat baseline still gives finite scores (0.5 % points here).</summary>
    public const double MinMad = 0.5;

    public static RobustZScore? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var median = MedianOf(sorted);
        var mad = MedianOf(sorted.Select(v => Math.Abs(v - median)).Order().ToArray());
        return new RobustZScore(median, mad, sorted.Length);
    }

    public double Score(double value) => Consistency * (value - Median) / Math.Max(Mad, MinMad);

    /// <summary>The spread shown beside the median: the MAD scaled to a standard deviation.</summary>
    public double Spread => Math.Max(Mad, MinMad) / Consistency;

    /// <summary>The value whose score is <paramref name="z"/> (above the median for positive z).</summary>
    public double ValueAt(double z) => Median + z * Math.Max(Mad, MinMad) / Consistency;

    private static double MedianOf(double[] sorted)
        => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
