"""Trust anchors: public randomness beacons, trusted timestamps, append-only history."""
