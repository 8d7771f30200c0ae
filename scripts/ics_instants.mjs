// Reads iCalendar files with ical.js (the parser Thunderbird and many web calendars use) and prints, as JSON,
// every event's UID with its DTSTART and DTEND as UTC instants in seconds since 1970 (all-day entries as
// "YYYY-MM-DD" dates). Used by roundtable/lib/tests to check that ical.js and Python agree on every time.
// Usage: node scripts/ics_instants.mjs FILE.ics [FILE.ics ...]  ->  {"FILE.ics": [{"uid", "start", "end"}]}
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(prop) {
  if (!prop) return null;
  const time = prop.getFirstValue();
  if (time.isDate) return time.toString();
  if (time.zone === ICAL.Timezone.localTimezone && !prop.getParameter("tzid") && !time.toString().endsWith("Z")) {
    throw new Error(`Floating time ${time.toString()}: a reader would show it in its own time zone`);
  }
  return time.toUnixTime();
}

const out = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  out[path] = calendar.getAllSubcomponents("vevent").map((event) => {
    const tzid = event.getFirstProperty("dtstart").getParameter("tzid");
    if (tzid && !calendar.getTimeZoneByID(tzid)) throw new Error(`${path}: no VTIMEZONE for ${tzid}`);
    return {
      uid: event.getFirstPropertyValue("uid"),
      start: instant(event.getFirstProperty("dtstart")),
      end: instant(event.getFirstProperty("dtend")),
    };
  });
}
process.stdout.write(JSON.stringify(out));
