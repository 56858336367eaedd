// The live room's page: questions and moderation over the room's socket (live-room/RoomPage.js).
// The page carries its configuration in #live-room-config and its translated texts in
// #live-room-messages.
import { readJSON } from "./live-room/dom.js";
import { RoomPage } from "./live-room/RoomPage.js";

const root = document.querySelector("[data-live-room]");
if (root) new RoomPage(root, readJSON("live-room-config"), readJSON("live-room-messages")).start();
