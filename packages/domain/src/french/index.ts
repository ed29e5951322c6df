export { aPlace, count, deName, dePrefix, laSalle } from "./elision";
