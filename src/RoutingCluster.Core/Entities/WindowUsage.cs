using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace RoutingCluster.Entities;

/// <summary>
/// Usage of one rate window, kept as <see cref="BucketsPerSpan"/> buckets per span. Admission
/// sums the buckets that overlap the last span <em>including</em> the partly-expired oldest one,
/// so the count is never below the true count of any sliding span: admitted requests and tokens
/// in every window of that length stay within the limit, at the cost of up to one bucket
/// (1/60 of the span) of headroom.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record WindowUsage([property: Id(0)] string Name, [property: Id(1)] TimeSpan Span, [property: Id(2)] ImmutableArray<WindowBucket> Buckets)
{
    public const int BucketsPerSpan = 60;

    public static WindowUsage Empty(WindowLimit limit) => new(limit.Name, limit.Span, []);

    private long BucketTicks => Math.Max(1, Span.Ticks / BucketsPerSpan);

    public long BucketIndex(DateTimeOffset time) => time.UtcTicks / BucketTicks;

    /// <summary>Drops buckets that no longer overlap the span ending at <paramref name="now"/>.</summary>
    public WindowUsage Prune(DateTimeOffset now)
    {
        var oldest = BucketIndex(now) - BucketsPerSpan;
        if (Buckets.IsEmpty || Buckets[0].Index >= oldest)
        {
            return this;
        }

        return this with { Buckets = [.. Buckets.Where(b => b.Index >= oldest)] };
    }

    [JsonIgnore]
    public long Requests => Buckets.Sum(b => b.Requests);

    [JsonIgnore]
    public long Tokens => Buckets.Sum(b => b.Tokens);

    /// <summary>When the oldest counted bucket stops counting: the earliest moment headroom grows.</summary>
    [JsonIgnore]
    public DateTimeOffset? NextRelease =>
        Buckets.IsEmpty ? null : new DateTimeOffset((Buckets[0].Index + BucketsPerSpan + 1) * BucketTicks, TimeSpan.Zero);

    /// <summary>Adds another record's bucket of the same window into this one, by bucket index.</summary>
    public WindowUsage AddToBucket(WindowBucket bucket)
    {
        var position = 0;
        while (position < Buckets.Length && Buckets[position].Index < bucket.Index)
        {
            position++;
        }

        if (position < Buckets.Length && Buckets[position].Index == bucket.Index)
        {
            var old = Buckets[position];
            return this with { Buckets = Buckets.SetItem(position, old with { Requests = old.Requests + bucket.Requests, Tokens = old.Tokens + bucket.Tokens }) };
        }

        return this with { Buckets = Buckets.Insert(position, bucket) };
    }

    /// <summary>Adds usage to the bucket of <paramref name="time"/>. A token-only correction (settling a
    /// reservation) is dropped when that bucket has already left the window.</summary>
    public WindowUsage Add(DateTimeOffset time, long requests, long tokens)
    {
        var index = BucketIndex(time);
        var position = Buckets.Length;
        while (position > 0 && Buckets[position - 1].Index > index)
        {
            position--;
        }

        if (position > 0 && Buckets[position - 1].Index == index)
        {
            var old = Buckets[position - 1];
            var updated = old with { Requests = old.Requests + requests, Tokens = Math.Max(0, old.Tokens + tokens) };
            return this with { Buckets = Buckets.SetItem(position - 1, updated) };
        }

        if (requests == 0)
        {
            // A pure token correction whose bucket already left the window: nothing left to correct.
            return this;
        }

        return this with { Buckets = Buckets.Insert(position, new WindowBucket(index, requests, Math.Max(0, tokens))) };
    }
}
