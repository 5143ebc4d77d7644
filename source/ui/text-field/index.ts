export {TextField, type TextFieldProps} from './text-field.js';
export {editTextField, textField, type TextEdit, type TextFieldState} from './text-field-state.js';
