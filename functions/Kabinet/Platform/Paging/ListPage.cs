namespace Kabinet.Platform.Paging;

/// <summary>One page of any list: <c>{ items, nextCursor }</c>, <c>nextCursor</c> null on the last page.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? NextCursor);
