export { aPlace, deName, dePrefix, laSalle } from "./elision";
