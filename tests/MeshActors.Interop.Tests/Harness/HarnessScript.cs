using MeshHost.Cli;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>
/// The page side of the interop harness: one <c>RTCPeerConnection</c> per page, driven by .NET through
/// <c>page.EvaluateAsync</c>, with signaling going back through the exposed function
/// <c>meshSignal(json)</c>. Messages follow <see cref="NumberedMessage"/>: the page generates and checks
/// them with the same rule as .NET, so every byte is verified on both sides.
/// </summary>
internal static class HarnessScript
{
    /// <summary>The name of the function the page calls with signaling messages (JSON text).</summary>
    public const string SignalFunction = "meshSignal";

    /// <summary>Installs <c>window.mh</c>.</summary>
    public const string Source = """
        window.mh = (() => {
          const channels = new Map();          // label -> record
          const errors = [];
          const localCandidates = [];
          let pc = null;

          // Message i of a run, as NumberedMessage.cs builds it: text "<i>:" then filler letters up to size
          // characters; binary: i as 4 bytes big-endian then (i + 7j) & 0xFF at byte j.
          function textMessage(i, size) {
            const head = i + ':';
            if (size <= head.length) return head;
            let s = head;
            for (let j = head.length; j < size; j++) s += String.fromCharCode(97 + ((i + j) % 26));
            return s;
          }
          function binaryMessage(i, size) {
            const b = new Uint8Array(Math.max(size, 4));
            b[0] = (i >>> 24) & 0xff; b[1] = (i >>> 16) & 0xff; b[2] = (i >>> 8) & 0xff; b[3] = i & 0xff;
            for (let j = 4; j < b.length; j++) b[j] = (i + 7 * j) & 0xff;
            return b;
          }
          function checkMessage(rec, data) {
            rec.received++;
            if (typeof data === 'string') {
              rec.text++;
              rec.bytes += data.length;
              if (data.length === 0) { rec.empty++; return; }
              const colon = data.indexOf(':');
              const i = colon > 0 ? Number(data.substring(0, colon)) : NaN;
              if (!Number.isInteger(i) || data !== textMessage(i, rec.expectSize ?? data.length)) { rec.corrupt++; return; }
              note(rec, i);
            } else {
              const b = new Uint8Array(data);
              rec.binary++;
              rec.bytes += b.length;
              if (b.length === 0) { rec.empty++; return; }
              if (b.length < 4) { rec.corrupt++; return; }
              const i = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
              const want = binaryMessage(i, rec.expectSize ?? b.length);
              if (want.length !== b.length) { rec.corrupt++; return; }
              for (let j = 4; j < b.length; j++) if (b[j] !== want[j]) { rec.corrupt++; return; }
              note(rec, i);
            }
          }
          function note(rec, i) {
            if (rec.seen.has(i)) { rec.duplicates++; return; }
            rec.seen.add(i);
            if (i < rec.last) rec.inOrder = false;
            rec.last = i;
            rec.valid++;
          }
          function register(ch) {
            ch.binaryType = 'arraybuffer';
            const rec = {
              ch, received: 0, valid: 0, text: 0, binary: 0, empty: 0, bytes: 0, corrupt: 0, duplicates: 0,
              inOrder: true, last: -1, seen: new Set(), echo: false, closed: false, expectSize: null,
            };
            channels.set(ch.label, rec);
            ch.onmessage = (e) => {
              if (rec.echo) { ch.send(e.data); rec.received++; }
              else checkMessage(rec, e.data);
            };
            ch.onclose = () => { rec.closed = true; };
            ch.onerror = (e) => errors.push(ch.label + ': ' + (e.error ? e.error.message : 'error'));
            return rec;
          }
          function until(label, test, timeoutMs, what) {
            return new Promise((resolve, reject) => {
              const started = Date.now();
              const check = () => {
                const rec = channels.get(label);
                if (rec && test(rec)) { resolve(summary(label)); return; }
                if (Date.now() - started > timeoutMs) { reject(new Error('timeout waiting for ' + what + ' on ' + label + ': ' + JSON.stringify(summary(label)))); return; }
                setTimeout(check, 10);
              };
              check();
            });
          }
          function summary(label) {
            const rec = channels.get(label);
            if (!rec) return { label, exists: false };
            return {
              label, exists: true, id: rec.ch.id, state: rec.ch.readyState, ordered: rec.ch.ordered,
              maxPacketLifeTime: rec.ch.maxPacketLifeTime, maxRetransmits: rec.ch.maxRetransmits,
              protocol: rec.ch.protocol, negotiated: rec.ch.negotiated,
              received: rec.received, valid: rec.valid, text: rec.text, binary: rec.binary, empty: rec.empty,
              bytes: rec.bytes, corrupt: rec.corrupt, duplicates: rec.duplicates, inOrder: rec.inOrder,
            };
          }
          function signal(o) { window.meshSignal(JSON.stringify(o)); }

          return {
            create(configJson) {
              pc = new RTCPeerConnection(JSON.parse(configJson));
              pc.onicecandidate = (e) => {
                if (e.candidate && e.candidate.candidate) localCandidates.push(e.candidate.candidate);
                signal({
                  type: 'candidate',
                  candidate: e.candidate ? e.candidate.candidate : '',
                  sdpMid: e.candidate ? e.candidate.sdpMid : '0',
                  sdpMLineIndex: e.candidate ? e.candidate.sdpMLineIndex : 0,
                });
              };
              pc.ondatachannel = (e) => register(e.channel);
            },
            createChannel(label, initJson) { register(pc.createDataChannel(label, JSON.parse(initJson))); },
            async createOffer() { await pc.setLocalDescription(await pc.createOffer()); return pc.localDescription.sdp; },
            async acceptOffer(sdp) {
              await pc.setRemoteDescription({ type: 'offer', sdp });
              await pc.setLocalDescription(await pc.createAnswer());
              return pc.localDescription.sdp;
            },
            async acceptAnswer(sdp) { await pc.setRemoteDescription({ type: 'answer', sdp }); },
            async addCandidate(json) {
              const c = JSON.parse(json);
              await pc.addIceCandidate({ candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex });
            },
            waitOpen(label, timeoutMs) { return until(label, r => r.ch.readyState === 'open', timeoutMs, 'open'); },
            setEcho(label, on) { channels.get(label).echo = on; },
            expectSize(label, size) { channels.get(label).expectSize = size; },
            async send(label, first, count, size, kind) {
              const rec = channels.get(label);
              const ch = rec.ch;
              ch.bufferedAmountLowThreshold = 1 << 20;
              for (let i = first; i < first + count; i++) {
                if (ch.bufferedAmount > (4 << 20)) {
                  await new Promise(r => { ch.onbufferedamountlow = () => { ch.onbufferedamountlow = null; r(); }; });
                }
                if (kind === 'text') ch.send(textMessage(i, size));
                else if (kind === 'binary') ch.send(binaryMessage(i, size));
                else if (kind === 'empty-text') ch.send('');
                else if (kind === 'empty-binary') ch.send(new ArrayBuffer(0));
                else throw new Error('unknown kind ' + kind);
              }
            },
            waitReceived(label, count, timeoutMs) { return until(label, r => r.received >= count, timeoutMs, count + ' messages'); },
            received(label) { return summary(label); },
            close(label) { channels.get(label).ch.close(); },
            waitClosed(label, timeoutMs) { return until(label, r => r.ch.readyState === 'closed', timeoutMs, 'close'); },
            closeConnection() { pc.close(); },
            connectionState() { return pc ? pc.connectionState : 'none'; },
            localCandidates() { return localCandidates.slice(); },
            errors() { return errors.slice(); },
            async selectedPair() {
              const stats = await pc.getStats();
              let pairId = null;
              stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
              if (!pairId) return null;
              const pair = stats.get(pairId);
              const l = stats.get(pair.localCandidateId), r = stats.get(pair.remoteCandidateId);
              return { local: l.address + ':' + l.port + ' ' + l.candidateType, remote: r.address + ':' + r.port + ' ' + r.candidateType };
            },
          };
        })();
        """;
}
