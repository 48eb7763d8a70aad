// MeshHost: signaling, relay and STUN server for MeshActors meshes (grows with the project).
Console.WriteLine("MeshHost");
