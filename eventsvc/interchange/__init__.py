"""Schedule interchange: the frab/c3voc schedule.xml and schedule.json, out and in."""
