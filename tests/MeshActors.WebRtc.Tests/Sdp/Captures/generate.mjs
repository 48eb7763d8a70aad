// Regenerates the Chromium SDP captures in this folder from Debian's headless Chromium, checks that
// Chromium accepts the descriptions MeshActors writes, and embeds every .sdp file in SdpCaptures.g.cs.
//
//   node --experimental-websocket generate.mjs            capture + verify + embed (Node 20; 22+ needs no flag)
//   node --experimental-websocket generate.mjs --verify   verify + embed (keeps the chromium-*.sdp captures)
//   node generate.mjs --embed                             embed only (after editing a hand-written file)
//
// Starts /usr/bin/chromium (never a downloaded browser) with a fresh profile and a DevTools port and
// runs the scenarios below in one page with real RTCPeerConnections, waiting for ICE gathering to
// complete; each chromium-*.sdp is a localDescription.sdp byte for byte. The meshactors-*.sdp files
// are written by MeshActors.WebRtc (SdpCaptureTests asserts it byte for byte; when the writer or a
// capture changes, that test prints the new text to put there). Verification hands them to Chromium:
// it must answer meshactors-offer.sdp (its answer is kept as chromium-answer-to-meshactors-offer.sdp)
// and accept each meshactors-answer-to-<offer>.sdp as the answer to a fresh offer of the same shape;
// the outcome is written to chromium-accepts.txt. The embedded copy lets `dotnet test` run from any
// directory and in CI builds whose source paths are mapped away.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Each scenario is an async function body run in the page; it returns { name: sdp, ... }.
const gathered = `function gathered(pc) {
  return new Promise(resolve => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
  });
}`;
const captureScenarios = [
  // An offer with one in-band data channel, after gathering (non-trickle shape: candidates included).
  `const pc = new RTCPeerConnection();
   pc.createDataChannel('chat');
   await pc.setLocalDescription(await pc.createOffer());
   const trickle = pc.localDescription.sdp;
   await gathered(pc);
   return { 'chromium-offer': pc.localDescription.sdp, 'chromium-offer-trickle': trickle };`,
  // Two peer connections in one page: the second answers the first's offer.
  `const a = new RTCPeerConnection(), b = new RTCPeerConnection();
   a.createDataChannel('chat');
   await a.setLocalDescription(await a.createOffer());
   await gathered(a);
   await b.setRemoteDescription(a.localDescription);
   await b.setLocalDescription(await b.createAnswer());
   await gathered(b);
   return { 'chromium-pair-offer': a.localDescription.sdp, 'chromium-pair-answer': b.localDescription.sdp };`,
  // Godot's layout: three negotiated channels with fixed ids (reliable, unreliable ordered, unreliable).
  `const pc = new RTCPeerConnection();
   pc.createDataChannel('reliable', { negotiated: true, id: 1 });
   pc.createDataChannel('ordered', { negotiated: true, id: 2, maxRetransmits: 0 });
   pc.createDataChannel('unreliable', { negotiated: true, id: 3, maxRetransmits: 0, ordered: false });
   await pc.setLocalDescription(await pc.createOffer());
   await gathered(pc);
   return { 'chromium-offer-negotiated': pc.localDescription.sdp };`,
  // An offer with audio and video next to the data channel: the data-only answerer rejects them.
  `const pc = new RTCPeerConnection();
   pc.addTransceiver('audio');
   pc.addTransceiver('video');
   pc.createDataChannel('chat');
   await pc.setLocalDescription(await pc.createOffer());
   await gathered(pc);
   return { 'chromium-offer-audio-video-data': pc.localDescription.sdp };`,
];

// Chromium must accept what MeshActors writes. Each returns { captures: {...}, accepted: [...] }.
const readSample = name => JSON.stringify(readFileSync(join(here, `${name}.sdp`), 'utf8'));
const verifyScenarios = () => [
  // Chromium answers the MeshActors offer.
  `const pc = new RTCPeerConnection();
   await pc.setRemoteDescription({ type: 'offer', sdp: ${readSample('meshactors-offer')} });
   await pc.setLocalDescription(await pc.createAnswer());
   await gathered(pc);
   return { captures: { 'chromium-answer-to-meshactors-offer': pc.localDescription.sdp },
            accepted: ['meshactors-offer.sdp: setRemoteDescription(offer) and createAnswer succeeded, signalingState=' + pc.signalingState] };`,
  // A fresh data-only offer of the same shape as chromium-offer.sdp takes the MeshActors answer.
  `const pc = new RTCPeerConnection();
   pc.createDataChannel('chat');
   await pc.setLocalDescription(await pc.createOffer());
   await pc.setRemoteDescription({ type: 'answer', sdp: ${readSample('meshactors-answer-to-chromium-offer')} });
   return { captures: {}, accepted: ['meshactors-answer-to-chromium-offer.sdp: setRemoteDescription(answer) succeeded, signalingState=' + pc.signalingState
     + ', sctp transport ' + (pc.sctp ? 'created' : 'missing')] };`,
  // A fresh audio+video+data offer takes the MeshActors answer that rejects audio and video.
  `const pc = new RTCPeerConnection();
   pc.addTransceiver('audio');
   pc.addTransceiver('video');
   pc.createDataChannel('chat');
   await pc.setLocalDescription(await pc.createOffer());
   await pc.setRemoteDescription({ type: 'answer', sdp: ${readSample('meshactors-answer-to-chromium-offer-audio-video-data')} });
   // Rejected m= sections stop their transceivers, which then leave getTransceivers().
   return { captures: {}, accepted: ['meshactors-answer-to-chromium-offer-audio-video-data.sdp: setRemoteDescription(answer) succeeded, signalingState='
     + pc.signalingState + ', sctp transport ' + (pc.sctp ? 'created' : 'missing') + ', audio/video transceivers left ' + pc.getTransceivers().length] };`,
];

function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }

const mode = process.argv[2] ?? '--capture';
if (mode !== '--embed') await runBrowser(mode === '--capture');
embed();

async function runBrowser(capture) {
  const profile = mkdtempSync(join(tmpdir(), 'sdp-captures-'));
  const browser = spawn(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
    '--remote-debugging-port=0', 'about:blank',
  ], { stdio: 'ignore' });
  try {
    const portFile = join(profile, 'DevToolsActivePort');
    for (let i = 0; i < 200 && !existsSync(portFile); i++) await sleep(100);
    const port = readFileSync(portFile, 'utf8').split('\n')[0];
    const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
    const pages = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const page = pages.find(p => p.type === 'page');
    const ws = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    let nextId = 1;
    const pending = new Map();
    ws.onmessage = e => {
      const msg = JSON.parse(e.data);
      if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
    };
    const run = async body => {
      const id = nextId++;
      const expression = `(async () => { ${gathered}\n${body} })()`;
      const reply = await new Promise(resolve => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true, timeout: 30000 } }));
      });
      if (reply.error || reply.result.exceptionDetails) throw new Error(JSON.stringify(reply.error ?? reply.result.exceptionDetails));
      return reply.result.result.value;
    };

    const captures = {};
    if (capture) {
      for (const body of captureScenarios) Object.assign(captures, await run(body));
      writeFileSync(join(here, 'chromium-version.txt'), `${version.Browser}\n${version['User-Agent']}\n`);
    }
    const accepted = [];
    for (const body of verifyScenarios()) {
      const result = await run(body);
      Object.assign(captures, result.captures);
      accepted.push(...result.accepted);
    }
    ws.close();

    for (const [name, sdp] of Object.entries(captures)) writeFileSync(join(here, `${name}.sdp`), sdp);
    writeFileSync(join(here, 'chromium-accepts.txt'), `${version.Browser}\n${accepted.join('\n')}\n`);
    console.log(`${version.Browser}: wrote ${Object.keys(captures).join(', ')}; accepted:\n  ${accepted.join('\n  ')}`);
  } finally {
    browser.kill();
    await sleep(500);
    rmSync(profile, { recursive: true, force: true });
  }
}

// Every .sdp file of this folder as a C# string literal with explicit \r\n, so the bytes survive any
// checkout line-end conversion.
function embed() {
  const files = readdirSync(here).filter(f => f.endsWith('.sdp')).sort();
  const literal = text => text.split(/(?<=\n)/).map(line =>
    '"' + line.replace(/[\\"]/g, c => '\\' + c).replace(/\r/g, '\\r').replace(/\n/g, '\\n')
      .replace(/[^\x20-\x7e\\]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '"').join('\n        + ');
  const member = f => f.replace(/\.sdp$/, '').split('-').map(w => w[0].toUpperCase() + w.slice(1)).join('');
  const body = files.map(f => `    /// <summary>${f}</summary>\n    public static readonly SdpCapture ${member(f)} = new(\n        "${f}",\n        ${literal(readFileSync(join(here, f), 'utf8'))});\n`).join('\n');
  const cs = `// <auto-generated>
// Written by generate.mjs from the .sdp files of this folder (see README.md); do not edit by hand:
// edit or regenerate the .sdp files and run \`node generate.mjs --embed\`.
// </auto-generated>
namespace MeshActors.WebRtc.Tests.Sdp.Captures;

/// <summary>The SDP files of this folder, embedded so that tests need no file at run time.</summary>
internal static partial class SdpCaptures
{
${body}
    /// <summary>Every embedded file, by file name order.</summary>
    public static IReadOnlyList<SdpCapture> All { get; } =
    [
${files.map(f => `        ${member(f)},`).join('\n')}
    ];
}
`;
  writeFileSync(join(here, 'SdpCaptures.g.cs'), cs);
  console.log(`embedded ${files.length} files in SdpCaptures.g.cs`);
}
