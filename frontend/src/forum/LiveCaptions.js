// Live captions for the talk's viewers. Each caption the captioner types reaches this page over
// the talk's socket ("caption" frames) and is
//   - announced to the player as the DOM event `forum:caption` on `document`, its detail
//     {id, text, start, end} (start and end on the stream time, in seconds): a player that
//     knows where its playback stands on the stream time places the cue itself;
//   - shown at once, otherwise, as a cue of a "captions" text track of the page's video
//     (`[data-forum-video]`, or the first <video>), from its current time, for its reading time;
//   - written in the transcript beside the player (the latest lines), which screen readers and
//     a class watching on one screen can follow.
const TRANSCRIPT_LINES = 6;

export class LiveCaptions {
  constructor(root, talk, text) {
    this.root = root;
    this.talk = talk;
    this.text = text;
    this.transcript = root.querySelector("[data-forum-transcript]");
    this.track = null;
  }

  start() {
    this.talk.on("caption", (caption) => this.show(caption));
  }

  show(caption) {
    const event = new CustomEvent("forum:caption", { detail: caption, cancelable: true });
    // A player that placed the cue itself cancels the event.
    if (document.dispatchEvent(event)) this.cue(caption);
    this.root.hidden = false;
    const line = document.createElement("p");
    line.textContent = caption.text;
    this.transcript.append(line);
    while (this.transcript.children.length > TRANSCRIPT_LINES) this.transcript.firstChild.remove();
  }

  cue(caption) {
    const video = document.querySelector("[data-forum-video]") || document.querySelector("video");
    if (!video || typeof VTTCue === "undefined") return;
    if (!this.track) {
      this.track = video.addTextTrack("captions", this.text.live_captions, "fr");
      this.track.mode = "showing";
    }
    const from = video.currentTime || 0;
    this.track.addCue(new VTTCue(from, from + (caption.end - caption.start), caption.text));
  }
}
