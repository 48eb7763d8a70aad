using System.Diagnostics.CodeAnalysis;

namespace MeshActors.Mesh;

/// <summary>
/// Peers by id in insertion order, like Godot's <c>HashMap</c> (reference/godot.md §1.1): iteration
/// follows insertion; replacing the value of an existing id keeps its position; removing and adding
/// again moves the id to the end. Not thread-safe: one owner (an actor, or the facade's caller).
/// </summary>
internal sealed class PeerTable<T>
    where T : class
{
    private readonly Dictionary<int, Node> _nodes = [];

    /// <summary>First entry in insertion order.</summary>
    public Node? First { get; private set; }

    private Node? _last;

    /// <summary>Number of entries.</summary>
    public int Count => _nodes.Count;

    /// <summary>True when <paramref name="peerId"/> is present.</summary>
    public bool Contains(int peerId) => _nodes.ContainsKey(peerId);

    /// <summary>Looks an entry up.</summary>
    public bool TryGetValue(int peerId, [MaybeNullWhen(false)] out T value)
    {
        if (_nodes.TryGetValue(peerId, out var node))
        {
            value = node.Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>Looks an entry's node up (to walk on from it).</summary>
    public bool TryGetNode(int peerId, [MaybeNullWhen(false)] out Node node) => _nodes.TryGetValue(peerId, out node);

    /// <summary>Adds at the end, or replaces in place; returns the replaced value, if any.</summary>
    public T? Set(int peerId, T value)
    {
        if (_nodes.TryGetValue(peerId, out var node))
        {
            var old = node.Value;
            node.Value = value;
            return old;
        }
        node = new Node(peerId, value) { Previous = _last };
        if (_last is null)
        {
            First = node;
        }
        else
        {
            _last.Next = node;
        }
        _last = node;
        _nodes.Add(peerId, node);
        return null;
    }

    /// <summary>Removes an entry; returns its value.</summary>
    public bool Remove(int peerId, [MaybeNullWhen(false)] out T value)
    {
        if (!_nodes.Remove(peerId, out var node))
        {
            value = null;
            return false;
        }
        if (node.Previous is null)
        {
            First = node.Next;
        }
        else
        {
            node.Previous.Next = node.Next;
        }
        if (node.Next is null)
        {
            _last = node.Previous;
        }
        else
        {
            node.Next.Previous = node.Previous;
        }
        node.Previous = null;
        node.Next = null;
        node.Removed = true;
        value = node.Value;
        return true;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        for (var node = First; node is not null;)
        {
            var next = node.Next;
            node.Previous = null;
            node.Next = null;
            node.Removed = true;
            node = next;
        }
        _nodes.Clear();
        First = null;
        _last = null;
    }

    /// <summary>Values in insertion order (allocates a list: control path).</summary>
    public List<T> ToList()
    {
        var list = new List<T>(_nodes.Count);
        for (var node = First; node is not null; node = node.Next)
        {
            list.Add(node.Value);
        }
        return list;
    }

    /// <summary>One entry; <see cref="Next"/> walks in insertion order without allocating.</summary>
    public sealed class Node
    {
        internal Node(int key, T value)
        {
            Key = key;
            Value = value;
        }

        /// <summary>The peer id.</summary>
        public int Key { get; }

        /// <summary>The entry.</summary>
        public T Value { get; internal set; }

        /// <summary>The next entry, or null at the end.</summary>
        public Node? Next { get; internal set; }

        internal Node? Previous { get; set; }

        /// <summary>True once the entry left the table (a walk holding it must restart).</summary>
        public bool Removed { get; internal set; }
    }
}
