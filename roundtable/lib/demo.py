"""Facts about the demo that every app's chapter of the story shares."""

# Every person in the demo story has an address at this made-up domain; /demo/ lists them.
DEMO_EMAIL_DOMAIN = "@demo.roundtable.example"
