// Every test process refuses connections to anything but 127.0.0.1.
import './loopback-only.mjs';
